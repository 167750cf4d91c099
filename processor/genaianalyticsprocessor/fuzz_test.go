package genaianalyticsprocessor

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// FuzzParseMessages: the hand-written JSON walker must never panic, and what it returns must
// be a substring or an unescaped string (valid UTF-8 in, valid UTF-8 out).
func FuzzParseMessages(f *testing.F) {
	for _, s := range []string{
		`[{"role":"user","parts":[{"type":"text","content":"hi \u00e9\ud83d\ude00"}]}]`,
		`{"messages":[{"role":"user","content":[{"type":"text","text":"a"}]}],"prompt":"b"}`,
		`{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"x"}}`,
		`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[`, `{"role":"user","content":"unterminated`, `plain text`, `[1,true,null,{"a":[]}]`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		parseMessagesJSON(s, "user", func(role, text string) {
			if utf8.ValidString(s) && !utf8.ValidString(text) && !strings.Contains(s, `\u`) {
				t.Fatalf("invalid UTF-8 out of valid input: %q", text)
			}
		})
	})
}

// fuzzKeys are the attributes a fuzzed value is written to: every dialect's text, count,
// model and identity keys.
var fuzzKeys = []string{
	genai.KeyInputMessages, genai.KeyOutputMessages, keyPromptDeprecated, keyCompletionDeprecated,
	"gen_ai.prompt.0.content", "gen_ai.completion.0.content", "llm.input_messages.0.message.content",
	keyOIInputValue, keyOIOutputValue, keyVercelPrompt, keyVercelPromptMessages, keyVercelResponseText,
	genai.KeyInputTokens, keyVercelPromptTokens, genai.KeyRequestModel, genai.KeyResponseModel,
	keyVercelProvider, genai.KeyFinishReasons, "gen_ai.usage.cost", "user.id", "query.category",
}

// FuzzEnrichAttributes writes fuzzed values under every dialect's keys and runs the traces and
// logs paths: no panic, and the span stays a GenAI call with a tenant.
func FuzzEnrichAttributes(f *testing.F) {
	f.Add(uint8(0), `[{"role":"user","content":"price?"}]`, "gpt-4o")
	f.Add(uint8(4), "card 4111 1111 1111 1111", "us.anthropic.claude-sonnet-4-5-v1:0")
	f.Add(uint8(12), "-99999999999999999999", "openai/gpt-4o-2024-08-06")
	f.Add(uint8(18), "NaN", "")
	cfg := enrichOnlyConfig()
	cfg.Redaction.Emails, cfg.Redaction.Phones, cfg.Redaction.IPv4 = "hash", "mask", "mask"
	p, err := newGenAIProcessor(cfg, nopTelemetry())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, which uint8, value, model string) {
		td := ptrace.NewTraces()
		span := td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty().Spans().AppendEmpty()
		span.SetTraceID([16]byte{1})
		span.SetSpanID([8]byte{which})
		a := span.Attributes()
		a.PutStr("llm.request.type", "chat")
		a.PutStr(genai.KeyRequestModel, model)
		a.PutStr(fuzzKeys[int(which)%len(fuzzKeys)], value)
		a.PutStr(fuzzKeys[(int(which)+7)%len(fuzzKeys)], value)
		out, err := p.processTraces(context.Background(), td)
		if err != nil {
			t.Fatal(err)
		}
		attrs := out.ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(0).Attributes()
		if genai.Str(attrs, genai.KeyTenantID) == "" || genai.Str(attrs, genai.KeyEventID) == "" {
			t.Fatalf("missing tenant or event id")
		}
		if v, ok := attrs.Get(genai.KeyCostUSD); ok && (v.Double() < 0 || v.Double() != v.Double()) {
			t.Fatalf("bad cost %v", v.Double())
		}
		ld := contentLogs(span.TraceID(), span.SpanID(), value)
		if _, err := p.processLogs(context.Background(), ld); err != nil {
			t.Fatal(err)
		}
	})
}
