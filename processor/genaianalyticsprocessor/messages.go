package genaianalyticsprocessor

import (
	"encoding/json"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// message is the union of the semconv 1.37 message shape ({role, parts:[{type, content}]})
// and the older flat shape ({role, content}).
type message struct {
	Role    string          `json:"role"`
	Content json.RawMessage `json:"content"`
	Parts   []messagePart   `json:"parts"`
}

type messagePart struct {
	Type    string          `json:"type"`
	Content json.RawMessage `json:"content"`
}

// extractText returns the query (last user message) and the response (joined assistant text).
func extractText(attrs pcommon.Map) (query, response string) {
	in := firstPresent(attrs, genai.KeyInputMessages, keyPromptDeprecated)
	out := firstPresent(attrs, genai.KeyOutputMessages, keyCompletionDeprecated)
	query = lastUserText(parseMessages(in, "user"))
	response = joinText(parseMessages(out, "assistant"))
	return query, response
}

func firstPresent(attrs pcommon.Map, keys ...string) pcommon.Value {
	for _, k := range keys {
		if v, ok := attrs.Get(k); ok {
			return v
		}
	}
	return pcommon.NewValueEmpty()
}

// parseMessages accepts a JSON string, a structured slice, or plain text (taken as one message
// of defaultRole).
func parseMessages(v pcommon.Value, defaultRole string) []message {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		s := strings.TrimSpace(v.Str())
		if s == "" {
			return nil
		}
		var msgs []message
		if s[0] == '[' && json.Unmarshal([]byte(s), &msgs) == nil {
			return msgs
		}
		var one message
		if s[0] == '{' && json.Unmarshal([]byte(s), &one) == nil {
			return []message{one}
		}
		raw, _ := json.Marshal(s)
		return []message{{Role: defaultRole, Content: raw}}
	case pcommon.ValueTypeSlice:
		raw, err := json.Marshal(v.Slice().AsRaw())
		if err != nil {
			return nil
		}
		var msgs []message
		if json.Unmarshal(raw, &msgs) == nil {
			return msgs
		}
	}
	return nil
}

func lastUserText(msgs []message) string {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == "user" || msgs[i].Role == "" {
			return msgs[i].text()
		}
	}
	return ""
}

func joinText(msgs []message) string {
	var parts []string
	for _, m := range msgs {
		if m.Role != "" && m.Role != "assistant" {
			continue
		}
		if t := m.text(); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n")
}

// text concatenates the text parts of a message.
func (m message) text() string {
	if len(m.Parts) > 0 {
		var b strings.Builder
		for _, p := range m.Parts {
			if p.Type != "" && p.Type != "text" {
				continue
			}
			if s := rawText(p.Content); s != "" {
				if b.Len() > 0 {
					b.WriteByte('\n')
				}
				b.WriteString(s)
			}
		}
		return b.String()
	}
	return rawText(m.Content)
}

// rawText reads content that is either a JSON string or a list of {type,text} blocks.
func rawText(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var blocks []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if json.Unmarshal(raw, &blocks) == nil {
		var b strings.Builder
		for _, bl := range blocks {
			if bl.Text != "" {
				if b.Len() > 0 {
					b.WriteByte('\n')
				}
				b.WriteString(bl.Text)
			}
		}
		return b.String()
	}
	return ""
}
