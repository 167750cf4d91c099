package genaianalyticsprocessor

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// benchChatSpan is a typical chat call: semconv attributes and ~2 KB of messages (system
// prompt, two earlier turns, the question, the answer).
func benchChatSpan(spans ptrace.SpanSlice, i int) {
	benchWithContent(benchMetadataSpan(spans, i).Attributes())
}

// benchMetadataSpan is a chat call as OTel GenAI instrumentations record it by default, without
// message content: operation, provider, models, tokens, response id, finish reasons, user and
// session ids.
func benchMetadataSpan(spans ptrace.SpanSlice, i int) ptrace.Span {
	span := spans.AppendEmpty()
	span.SetTraceID([16]byte{byte(i), byte(i >> 8), 1})
	span.SetSpanID([8]byte{byte(i), byte(i >> 8), 2})
	span.SetStartTimestamp(1764201600000000000)
	span.SetEndTimestamp(1764201601250000000)
	a := span.Attributes()
	a.PutStr(genai.KeyOperationName, "chat")
	a.PutStr(genai.KeyProviderName, "openai")
	a.PutStr(genai.KeyRequestModel, "gpt-4o-mini")
	a.PutStr(genai.KeyResponseModel, "gpt-4o-mini-2024-07-18")
	a.PutStr(genai.KeyResponseID, "chatcmpl-AbC123")
	a.PutInt(genai.KeyInputTokens, 812)
	a.PutInt(genai.KeyCacheReadTokens, 512)
	a.PutInt(genai.KeyOutputTokens, 164)
	a.PutEmptySlice(genai.KeyFinishReasons).AppendEmpty().SetStr("stop")
	a.PutStr("user.id", "u-7")
	a.PutStr("session.id", "s-42")
	return span
}

// benchWithContent adds the messages of benchChatSpan.
func benchWithContent(a pcommon.Map) {
	system := "You are the support assistant of Acme Analytics. Answer briefly and precisely, cite the relevant help-center article when you can, and never invent prices or features. " +
		strings.Repeat("Follow the style guide: short sentences, no jargon, one idea per paragraph. ", 6)
	a.PutStr(genai.KeyInputMessages, `[{"role":"system","parts":[{"type":"text","content":"`+system+`"}]},`+
		`{"role":"user","parts":[{"type":"text","content":"Hi, I manage the analytics workspace for our team of twelve people."}]},`+
		`{"role":"assistant","parts":[{"type":"text","content":"Hello! How can I help you with your workspace today?"}]},`+
		`{"role":"user","parts":[{"type":"text","content":"How much does the Pro plan cost per month if we pay yearly, and does it include SSO and audit logs for every member of the team?"}]}]`)
	a.PutStr(genai.KeyOutputMessages, `[{"role":"assistant","parts":[{"type":"text","content":"The Pro plan costs $20 per user per month when billed yearly ($24 monthly). `+
		`It includes SSO with SAML and OIDC, and audit logs retained for 90 days for every member. For longer retention or SCIM provisioning, the Enterprise plan is the right fit; `+
		`see the help-center article Plans and billing for the full comparison and the upgrade steps."}],"finish_reason":"stop"}]`)
}

// BenchmarkProcessTraces measures the traces path per GenAI span (default config: redaction
// of secrets and cards, pricing, zero-result, category, content join memory on), for a span
// without message content (the instrumentations' default) and one with ~2 KB of it.
func BenchmarkProcessTraces(b *testing.B) {
	b.Run("metadata-only", func(b *testing.B) {
		benchProcessTraces(b, func(spans ptrace.SpanSlice, i int) { benchMetadataSpan(spans, i) })
	})
	b.Run("with-2KB-content", func(b *testing.B) { benchProcessTraces(b, benchChatSpan) })
}

// BenchmarkProcessTracesDistinctCalls is the metadata-only case with ids that do not repeat
// across batches, so that the content join holds up to max_entries spans waiting for content,
// as in a collector (BenchmarkProcessTraces reuses the ids of one batch): the garbage
// collector's marking of that memory counts in cpu-ns/span.
func BenchmarkProcessTracesDistinctCalls(b *testing.B) {
	next := 0
	benchProcessBatches(b, func(n int) ptrace.Traces {
		td := ptrace.NewTraces()
		spans := td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty().Spans()
		for i := 0; i < n; i++ {
			span := benchMetadataSpan(spans, 0)
			span.SetTraceID([16]byte{byte(next), byte(next >> 8), byte(next >> 16), byte(next >> 24), 1})
			next++
		}
		return td
	})
}

func benchProcessTraces(b *testing.B, addSpan func(spans ptrace.SpanSlice, i int)) {
	benchProcessBatches(b, func(n int) ptrace.Traces {
		td := ptrace.NewTraces()
		spans := td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty().Spans()
		for i := 0; i < n; i++ {
			addSpan(spans, i)
		}
		return td
	})
}

// benchProcessBatches runs the traces path over b.N spans in batches of up to benchBatch that
// batchOf builds outside the timer, and reports the CPU time per span.
func benchProcessBatches(b *testing.B, batchOf func(n int) ptrace.Traces) {
	p, err := newGenAIProcessor(enrichOnlyConfig(), nopTelemetry())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var cpu time.Duration
	for done := 0; done < b.N; done += benchBatch {
		b.StopTimer()
		td := batchOf(min(benchBatch, b.N-done))
		b.StartTimer()
		start := cpuTime()
		if _, err := p.processTraces(context.Background(), td); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - start
	}
	b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/span")
}

// benchBatch is the spans per processTraces call in the processor benchmarks.
const benchBatch = 512

// cpuTime is the process's user+system CPU time: on a shared machine wall-clock ns/op
// measures the queue for a core, CPU ns/op what the code costs.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchInputMessages is the input messages JSON of benchChatSpan, with the benchmark's byte
// count and allocation reporting set.
func benchInputMessages(b *testing.B) string {
	b.Helper()
	td := ptrace.NewTraces()
	spans := td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty().Spans()
	benchChatSpan(spans, 0)
	in, _ := spans.At(0).Attributes().Get(genai.KeyInputMessages)
	b.SetBytes(int64(len(in.Str())))
	b.ReportAllocs()
	return in.Str()
}

func BenchmarkParseMessages(b *testing.B) {
	s := benchInputMessages(b)
	start := cpuTime()
	defer func() { b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op") }()
	for b.Loop() {
		var q string
		parseMessagesJSON(s, "user", func(role, text string) {
			if role == "user" {
				q = text
			}
		})
		if q == "" {
			b.Fatal("no query")
		}
	}
}
