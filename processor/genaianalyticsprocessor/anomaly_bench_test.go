package genaianalyticsprocessor

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/anomaly"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// BenchmarkAnomalyStage is the anomaly stage's per-span cost on enriched load-generator spans:
// the fields read, the detector's two series updated. The wall clock stays at the batch's
// last call, so no window closes and no span is flagged: the steady state between closes.
func BenchmarkAnomalyStage(b *testing.B) {
	p, err := newGenAIProcessor(enrichOnlyConfig(), nopTelemetry())
	if err != nil {
		b.Fatal(err)
	}
	enriched, err := p.processTraces(context.Background(), loadgenTraces(b, benchBatch))
	if err != nil {
		b.Fatal(err)
	}
	// Through the wire format, as a collector receives them: every key and string its own
	// allocation, not constants that share a cache line.
	td := unmarshalledTraces(b, enriched)
	var latest pcommon.Timestamp
	for _, span := range genai.Spans(td) {
		latest = max(latest, span.StartTimestamp())
	}
	last := latest.AsTime()
	tel, err := newAnomalyTelemetry(nopTelemetry())
	if err != nil {
		b.Fatal(err)
	}
	stage := &anomalyStage{next: consumertest.NewNop(), detector: anomaly.New(anomaly.DefaultConfig()), tel: tel,
		now: func() time.Time { return last }}
	spans := td.SpanCount()
	b.ReportAllocs()
	var cpu time.Duration
	for b.Loop() {
		start := cpuTime()
		if err := stage.ConsumeTraces(context.Background(), td); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - start
	}
	b.ReportMetric(float64(cpu)/float64(b.N*spans), "cpu-ns/span")
	b.ReportMetric(float64(b.Elapsed())/float64(b.N*spans), "ns/span")
	if stage.detector.SeriesCount() == 0 {
		b.Fatal("no span was observed")
	}
}

// unmarshalledTraces is td encoded and decoded as OTLP protobuf.
func unmarshalledTraces(tb testing.TB, td ptrace.Traces) ptrace.Traces {
	tb.Helper()
	buf, err := (&ptrace.ProtoMarshaler{}).MarshalTraces(td)
	if err != nil {
		tb.Fatal(err)
	}
	out, err := (&ptrace.ProtoUnmarshaler{}).UnmarshalTraces(buf)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}
