package loadgen

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
)

// Message and Part follow the GenAI semconv 1.37 JSON shape of gen_ai.input.messages and
// gen_ai.output.messages. Exported so tests can decode what the generator writes.
type Message struct {
	Role         string `json:"role"`
	Parts        []Part `json:"parts"`
	FinishReason string `json:"finish_reason,omitempty"`
}

// Part is a text part; the generator writes no tool calls or media.
type Part struct {
	Type    string `json:"type"`
	Content string `json:"content"`
}

// marshalMessage encodes without HTML escaping: answers say "Settings > Billing" and real
// instrumentations do not turn that into \u003e.
func marshalMessage(m Message) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		panic(err) // only strings: cannot fail
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

func textMessage(role, text, finish string) []byte {
	return marshalMessage(Message{Role: role, Parts: []Part{{Type: "text", Content: text}}, FinishReason: finish})
}

// history is the pre-encoded user/assistant pair of every corpus entry, so that padding a
// span with multi-turn history costs a byte copy, not a JSON encoding.
type historyPair struct {
	user, assistant []byte
	answer          string
}

func buildHistory() []historyPair {
	out := make([]historyPair, len(corpus))
	for i, e := range corpus {
		out[i] = historyPair{user: textMessage("user", e.query, ""), assistant: textMessage("assistant", e.answer, ""), answer: e.answer}
	}
	return out
}

// assistantOverhead is the JSON size of an assistant message with empty content.
var assistantOverhead = len(textMessage("assistant", "", ""))

// inputMessages assembles [system, history…, user] so that, together with outLen bytes of
// output messages, the total approaches target. The last history answer is cut to land
// close to target instead of overshooting by a whole turn.
func inputMessages(r *rand.Rand, hist []historyPair, system, user []byte, outLen, target int) (msgs []byte, turns int) {
	size := 2 + len(system) + 1 + len(user) + outLen // brackets and commas
	buf := make([]byte, 0, max(target, size)+64)
	buf = append(buf, '[')
	buf = append(buf, system...)
	budget := target - size
	for budget > 0 {
		h := hist[r.IntN(len(hist))]
		pair := len(h.user) + len(h.assistant) + 2
		if pair <= budget {
			buf = appendPair(buf, h.user, h.assistant)
			budget -= pair
			turns++
			continue
		}
		room := budget - len(h.user) - assistantOverhead - 2
		if room >= 40 {
			buf = appendPair(buf, h.user, textMessage("assistant", cut(h.answer, room), ""))
			turns++
		}
		break
	}
	buf = append(buf, ',')
	buf = append(buf, user...)
	buf = append(buf, ']')
	return buf, turns
}

func appendPair(buf, user, assistant []byte) []byte {
	buf = append(buf, ',')
	buf = append(buf, user...)
	buf = append(buf, ',')
	return append(buf, assistant...)
}

// cut shortens ASCII text to at most n bytes at a word boundary. Escaped characters make the
// JSON slightly longer than n, which is fine for an approximate target.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	if i := strings.LastIndexByte(s, ' '); i > n/2 {
		s = s[:i]
	}
	return s
}

func lower(s string) string { return strings.ToLower(s) }

func trimQ(s string) string { return strings.TrimRight(s, "?") }
