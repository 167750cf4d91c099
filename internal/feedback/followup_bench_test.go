package feedback

import (
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// BenchmarkFollowUpFromSpan reads an implicit follow-up from a span with the ~45 attributes of
// an enriched GenAI span, and measures the common span without one.
func BenchmarkFollowUpFromSpan(b *testing.B) {
	span := ptrace.NewSpan()
	a := span.Attributes()
	for _, k := range []string{"gen_ai.system", "gen_ai.request.model", "gen_ai.response.model", "server.address"} {
		a.PutStr(k, "x")
	}
	for i := range 35 {
		a.PutStr("app.attribute."+string(rune('a'+i%26))+string(rune('a'+i/26)), "value")
	}
	a.PutStr(genai.KeyEventID, "6f1c2a8e-4d3b-5e7f-9a0b-1c2d3e4f5a6b")
	a.PutStr(genai.KeyTenantID, "acme")
	a.PutStr(genai.KeyUserID, "usr_3c07730ebe6d")
	a.PutStr(genai.KeySessionID, "sess_260f9f38996fbef6")
	without := ptrace.NewSpan()
	span.CopyTo(without)

	a.PutStr(KeyFollowUpResponseID, "chatcmpl-MDCDIImSGEL1IvLofqbE0tFsKVBqx")
	a.PutStr(KeyFollowUpTraceID, "0102030405060708090a0b0c0d0e0f11")
	a.PutStr(KeyFollowUpSpanID, "0102030405060709")
	a.PutInt(KeyFollowUpTime, time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC).UnixNano())
	a.PutDouble(KeyFollowUpGapMs, 1500.5)

	for _, c := range []struct {
		name string
		span ptrace.Span
		want bool
	}{{"follow-up", span, true}, {"none", without, false}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := FollowUpFromSpan(c.span); ok != c.want {
					b.Fatal("unexpected result")
				}
			}
		})
	}
}
