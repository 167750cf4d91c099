package clickhouseanalyticsexporter

import (
	"context"
	"testing"

	"go.opentelemetry.io/collector/exporter/exporterhelper"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// BenchmarkMergeBatchWithFollowUps is BenchmarkMergeBatch with the follow-ups a loadgen
// request carries (~0.3 a span), and the derived feedback queue's batches of follow-ups only.
func BenchmarkMergeBatchWithFollowUps(b *testing.B) {
	const minRows = 5_000
	for _, c := range []struct {
		name              string
		events, followUps int
	}{{"traces", 70, 20}, {"derived", 0, 20}} {
		b.Run(c.name, func(b *testing.B) {
			rows := max(c.events, c.followUps)
			requests := make([]*spanRows, minRows/rows+1)
			for i := range requests {
				requests[i] = &spanRows{events: make([]genai.Event, c.events),
					feedback: make([]feedback.Feedback, c.followUps), batchRows: minRows}
			}
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				first := requests[0]
				batch := &spanRows{events: first.events[:len(first.events):len(first.events)],
					feedback: first.feedback[:len(first.feedback):len(first.feedback)], batchRows: minRows}
				for _, req := range requests[1:] {
					if _, err := batch.MergeSplit(ctx, 20_000, exporterhelper.RequestSizerTypeItems, req); err != nil {
						b.Fatal(err)
					}
				}
				if batch.ItemsCount() < minRows {
					b.Fatal("batch not full")
				}
			}
		})
	}
}
