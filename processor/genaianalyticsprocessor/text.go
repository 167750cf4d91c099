package genaianalyticsprocessor

import (
	"sort"
	"strconv"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// Event names carrying message content (span events of deprecated semconv, log records of
// the official OpenAI instrumentations, and the 1.37 operation-details event).
const (
	eventSystemMessage    = "gen_ai.system.message"
	eventUserMessage      = "gen_ai.user.message"
	eventAssistantMessage = "gen_ai.assistant.message"
	eventToolMessage      = "gen_ai.tool.message"
	eventChoice           = "gen_ai.choice"
	eventContentPrompt    = "gen_ai.content.prompt"
	eventContentComplete  = "gen_ai.content.completion"
	eventOperationDetails = "gen_ai.client.inference.operation.details"
)

// textKeys are the keys extractText probes on every span, hashed once.
var textKeys = struct {
	inputMessages, outputMessages, promptDeprecated, completionDeprecated hashedKey
	inputText, outputText                                                 hashedKeys
	// firstIndexed are the first message of each indexed dialect.
	firstIndexed hashedKeys
}{
	inputMessages:        newHashedKey(genai.KeyInputMessages),
	outputMessages:       newHashedKey(genai.KeyOutputMessages),
	promptDeprecated:     newHashedKey(keyPromptDeprecated),
	completionDeprecated: newHashedKey(keyCompletionDeprecated),
	inputText:            newHashedKeys([]string{keyOIInputValue, keyVercelPromptMessages, keyVercelPrompt}),
	outputText:           newHashedKeys([]string{keyOIOutputValue, keyVercelResponseText}),
	firstIndexed: newHashedKeys([]string{keyTraceloopPromptPrefix + "0.content", keyTraceloopCompletionPref + "0.content",
		keyOIInputMsgPrefix + "0.message.content", keyOIInputMsgPrefix + "0.message.role",
		keyOIOutputMsgPrefix + "0.message.content", keyOIOutputMsgPrefix + "0.message.role"}),
}

// callText is the text of one call: the query (last user message) and the response (assistant
// text joined by newlines). inFound/outFound say whether any content was present at all, which
// separates "empty response" from "content not captured". Input is read with
// valueLastMessage, which relies on input() keeping only the last user message.
type callText struct {
	query, response   string
	inFound, outFound bool
}

// spanText is the text extractText read from a span, with inSource and outSource: the
// gen_ai.input.messages / gen_ai.output.messages strings the query and the response were read
// from, when they were (see cleanSource). The content join keeps only the callText.
type spanText struct {
	callText
	inSource, outSource string
}

func (t *callText) input() emitFunc {
	return func(role, text string) {
		t.inFound = true
		if role == "user" {
			t.query = text
		}
	}
}

func (t *callText) output() emitFunc {
	return func(role, text string) {
		t.outFound = true
		if role == "assistant" || role == "" {
			t.response = joinText(t.response, text)
		}
	}
}

// extractText reads query and response from the first source present, in precedence order:
// current semconv attributes, the operation-details span event, deprecated attributes and span
// events, OpenLLMetry indexed attributes, OpenInference messages then input/output.value, and
// Vercel ai.prompt* / ai.response.text.
func extractText(a *spanAttrs, events ptrace.SpanEventSlice) spanText {
	var t spanText
	in, out := t.input(), t.output()
	if v, ok := a.lookup(textKeys.inputMessages); ok {
		valueLastMessage(v, "user", "user", in)
		t.inSource = stringSource(v, t.inFound)
	}
	if v, ok := a.lookup(textKeys.outputMessages); ok {
		valueMessages(v, "assistant", out)
		t.outSource = stringSource(v, t.outFound)
	}
	if t.inFound && t.outFound {
		return t
	}
	if events.Len() > 0 {
		fromSpanEvents(events, &t.callText)
	}
	if !t.inFound {
		if v, ok := a.lookup(textKeys.promptDeprecated); ok {
			valueLastMessage(v, "user", "user", in)
		}
	}
	if !t.outFound {
		if v, ok := a.lookup(textKeys.completionDeprecated); ok {
			valueMessages(v, "assistant", out)
		}
	}
	if !t.inFound || !t.outFound {
		fromIndexed(a, &t.callText)
	}
	if !t.inFound {
		for _, k := range textKeys.inputText {
			if v, ok := a.lookup(k); ok && valueLastMessage(v, "user", "user", in) {
				break
			}
		}
	}
	if !t.outFound {
		for _, k := range textKeys.outputText {
			if v, ok := a.lookup(k); ok && v.Type() == pcommon.ValueTypeStr {
				// Output is text, not a message list, unless it is a JSON message list.
				if s := strings.TrimSpace(v.Str()); s != "" && (s[0] == '[' || s[0] == '{') {
					if valueMessages(v, "assistant", out) {
						break
					}
				}
				out("assistant", v.Str())
				break
			}
		}
	}
	return t
}

// stringSource is the string a side's text was read from: v when it is a string and the side
// was found in it (no later source then replaces the text), else "".
func stringSource(v pcommon.Value, found bool) string {
	if !found || v.Type() != pcommon.ValueTypeStr {
		return ""
	}
	return v.Str()
}

// fromSpanEvents reads the operation-details event and the deprecated per-message events.
func fromSpanEvents(events ptrace.SpanEventSlice, t *callText) {
	in, out := t.input(), t.output()
	inBefore, outBefore := t.inFound, t.outFound
	for i := 0; i < events.Len(); i++ {
		e := events.At(i)
		a := e.Attributes()
		switch e.Name() {
		case eventOperationDetails:
			if v, ok := a.Get(genai.KeyInputMessages); ok && !inBefore {
				valueLastMessage(v, "user", "user", in)
			}
			if v, ok := a.Get(genai.KeyOutputMessages); ok && !outBefore {
				valueMessages(v, "assistant", out)
			}
		case eventContentPrompt:
			if v, ok := a.Get(keyPromptDeprecated); ok && !inBefore {
				valueLastMessage(v, "user", "user", in)
			}
		case eventContentComplete:
			if v, ok := a.Get(keyCompletionDeprecated); ok && !outBefore {
				valueMessages(v, "assistant", out)
			}
		case eventSystemMessage, eventUserMessage, eventAssistantMessage, eventToolMessage:
			if !inBefore {
				eventContent(a, roleOfEvent(e.Name()), in)
			}
		case eventChoice:
			if !outBefore {
				eventContent(a, "assistant", out)
			}
		}
	}
}

// eventContent reads a span event's message: the body fields flattened as attributes
// (content, message), or the body as JSON under gen_ai.event.content.
func eventContent(a pcommon.Map, role string, emit emitFunc) {
	if v, ok := a.Get("gen_ai.event.content"); ok {
		valueMessages(v, role, emit)
		return
	}
	if v, ok := a.Get("message"); ok {
		valueMessages(v, role, emit)
		return
	}
	if v, ok := a.Get("content"); ok {
		emit(role, valueContent(v))
	}
}

func roleOfEvent(name string) string {
	switch name {
	case eventSystemMessage:
		return "system"
	case eventUserMessage:
		return "user"
	case eventToolMessage:
		return "tool"
	}
	return "assistant"
}

// indexedMessage is one message of the OpenLLMetry / OpenInference flattened form.
type indexedMessage struct {
	idx           int
	role, content string
}

// fromIndexed reads gen_ai.prompt.N.* / gen_ai.completion.N.* (OpenLLMetry) and
// llm.input_messages.N.message.* / llm.output_messages.N.message.* (OpenInference).
func fromIndexed(a *spanAttrs, t *callText) {
	if !a.holdsAny(textKeys.firstIndexed) {
		return
	}
	var ins, outs []indexedMessage
	a.m.Range(func(k string, v pcommon.Value) bool {
		switch {
		case strings.HasPrefix(k, keyTraceloopPromptPrefix):
			ins = addIndexed(ins, k[len(keyTraceloopPromptPrefix):], v, "")
		case strings.HasPrefix(k, keyTraceloopCompletionPref):
			outs = addIndexed(outs, k[len(keyTraceloopCompletionPref):], v, "")
		case strings.HasPrefix(k, keyOIInputMsgPrefix):
			ins = addIndexed(ins, k[len(keyOIInputMsgPrefix):], v, "message.")
		case strings.HasPrefix(k, keyOIOutputMsgPrefix):
			outs = addIndexed(outs, k[len(keyOIOutputMsgPrefix):], v, "message.")
		}
		return true
	})
	if !t.inFound && len(ins) > 0 {
		emitIndexed(ins, "user", t.input())
	}
	if !t.outFound && len(outs) > 0 {
		emitIndexed(outs, "assistant", t.output())
	}
}

// addIndexed records "N.<prefix>role" / "N.<prefix>content" (and OpenInference multimodal
// "N.message.contents.M.message_content.text").
func addIndexed(msgs []indexedMessage, rest string, v pcommon.Value, prefix string) []indexedMessage {
	dot := strings.IndexByte(rest, '.')
	if dot <= 0 {
		return msgs
	}
	idx, err := strconv.Atoi(rest[:dot])
	if err != nil || idx < 0 {
		return msgs
	}
	field, ok := strings.CutPrefix(rest[dot+1:], prefix)
	if !ok {
		return msgs
	}
	isRole := field == "role"
	isContent := field == "content" || strings.HasPrefix(field, "contents.") && strings.HasSuffix(field, ".text")
	if !isRole && !isContent {
		return msgs
	}
	i := sort.Search(len(msgs), func(i int) bool { return msgs[i].idx >= idx })
	if i == len(msgs) || msgs[i].idx != idx {
		msgs = append(msgs, indexedMessage{})
		copy(msgs[i+1:], msgs[i:])
		msgs[i] = indexedMessage{idx: idx}
	}
	if isRole {
		msgs[i].role = normalizeRole(v.Str())
	} else {
		msgs[i].content = joinText(msgs[i].content, v.AsString())
	}
	return msgs
}

func emitIndexed(msgs []indexedMessage, defaultRole string, emit emitFunc) {
	for _, m := range msgs {
		role := m.role
		if role == "" {
			role = defaultRole
		}
		emit(role, m.content)
	}
}
