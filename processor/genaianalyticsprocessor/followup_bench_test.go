package genaianalyticsprocessor

import (
	"testing"

	"go.opentelemetry.io/collector/pdata/ptrace"
)

// BenchmarkFollowUpObserve: follow-up detection on batches of 1000 analytics spans spread over
// 10 000 sessions (the LRU holds them all), i.e. the traces-path cost of the feature.
func BenchmarkFollowUpObserve(b *testing.B) {
	cfg := defaultFeedbackConfig()
	f := newFollowUps(cfg)
	batches := make([]ptrace.Traces, 10)
	for n := range batches {
		td := ptrace.NewTraces()
		for i := 0; i < 1000; i++ {
			addCall(td, testCall{trace: byte(n*7 + i), span: byte(i), user: "u", session: string(rune('a'+i%26)) + string(rune('a'+(i/26)%26)) + string(rune('a'+n)),
				startSec: float64(n*10 + i%10), durSec: 1, responseID: "r"})
		}
		batches[n] = td
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, td := range batches {
			f.observe(td)
		}
	}
	b.ReportMetric(float64(b.N*10_000)/b.Elapsed().Seconds(), "spans/s")
}
