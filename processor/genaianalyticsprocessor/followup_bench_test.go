package genaianalyticsprocessor

import (
	"context"
	"testing"

	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/loadgen"
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

// BenchmarkFollowUpObserveLoadgen is follow-up detection on enriched load-generator spans as
// a collector receives them (decoded from OTLP: every key and value its own string), over
// the generator's ~1 600 sessions. The batches are observed again and again (a copy per
// batch would cost more than the detection): follow-ups are written on the first round only.
func BenchmarkFollowUpObserveLoadgen(b *testing.B) {
	p, err := newGenAIProcessor(enrichOnlyConfig(), nopTelemetry())
	if err != nil {
		b.Fatal(err)
	}
	g, err := loadgen.New(loadgen.DefaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	batches := make([]ptrace.Traces, 8)
	for i := range batches {
		enriched, err := p.processTraces(context.Background(), g.Next(benchBatch))
		if err != nil {
			b.Fatal(err)
		}
		batches[i] = unmarshalledTraces(b, enriched)
	}
	f := newFollowUps(defaultFeedbackConfig())
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		f.observe(batches[n%len(batches)])
		n++
	}
	b.ReportMetric(float64(b.Elapsed())/float64(n*benchBatch), "ns/span")
}
