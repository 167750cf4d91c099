package clickhouseanalyticsexporter

import (
	"context"
	"testing"

	"go.opentelemetry.io/collector/exporter/exporterhelper"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// BenchmarkMergeBatch builds one batch as the batcher does with the default sizes (flushed at
// 5 000 rows, at most 20 000): requests of 70 rows merged until the batch reaches 5 000.
func BenchmarkMergeBatch(b *testing.B) {
	const minRows, perRequest = 5_000, 70
	requests := make([]*spanRows, minRows/perRequest+1)
	for i := range requests {
		requests[i] = &spanRows{events: make([]genai.Event, perRequest), batchRows: minRows}
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		batch := &spanRows{events: append([]genai.Event(nil), requests[0].events...), batchRows: minRows}
		for _, req := range requests[1:] {
			if _, err := batch.MergeSplit(ctx, 20_000, exporterhelper.RequestSizerTypeItems, req); err != nil {
				b.Fatal(err)
			}
		}
		if batch.ItemsCount() < minRows {
			b.Fatal("batch not full")
		}
	}
}
