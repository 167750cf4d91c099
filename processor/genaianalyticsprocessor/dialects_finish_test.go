package genaianalyticsprocessor

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestResponseJSONFinishReason(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"openai choices", `{"id": "c1", "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant"}}]}`, "stop"},
		{"first choice wins", `{"choices":[{"finish_reason":"length"},{"finish_reason":"stop"}]}`, "length"},
		{"anthropic stop_reason", `{"id":"msg_1","stop_reason":"end_turn","content":[{"type":"text","text":"hi"}]}`, "end_turn"},
		{"finish_reason before stop_reason", `{"stop_reason":"end_turn","finish_reason":"stop"}`, "stop"},
		{"leading whitespace", "\n  {\"finish_reason\" : \"content_filter\"}", "content_filter"},
		{"escaped value", `{"finish_reason":"tool\u005fcalls"}`, "tool_calls"},
		{"key quoted inside text is not a key", `{"content":"say \"finish_reason\": \"stop\" now"}`, ""},
		{"null reason", `{"choices":[{"finish_reason":null}]}`, ""},
		{"null then a string", `{"choices":[{"finish_reason":null},{"finish_reason":"stop"}]}`, "stop"},
		{"plain text output", `The Pro plan costs $20.`, ""},
		{"empty", ``, ""},
		{"cut after the key", `{"finish_reason":`, ""},
		{"unterminated value", `{"finish_reason":"sto`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := responseJSONFinishReason(tc.in); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// FuzzResponseJSONFinishReason: any input, no panic; a reason found is a non-empty string that
// followed one of the two keys (its unescaped bytes are in the input when it had no escape).
func FuzzResponseJSONFinishReason(f *testing.F) {
	for _, s := range []string{`{"choices":[{"finish_reason":"stop"}]}`, `{"stop_reason":"end_turn"}`,
		`{"finish_reason":"a\"b"}`, `[{"finish_reason" :"x"}]`, `{"finish_reason":"\ud83d\ude00"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := responseJSONFinishReason(s)
		if got == "" {
			return
		}
		if !strings.Contains(s, `"finish_reason"`) && !strings.Contains(s, `"stop_reason"`) {
			t.Fatalf("reason %q from input without a reason key", got)
		}
		if !strings.Contains(s, `\`) && !strings.Contains(s, got) {
			t.Fatalf("reason %q is not in the escape-free input", got)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 reason %q from valid input", got)
		}
	})
}
