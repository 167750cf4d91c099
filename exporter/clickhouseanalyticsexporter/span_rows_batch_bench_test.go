package clickhouseanalyticsexporter

import (
	"context"
	"testing"

	"go.opentelemetry.io/collector/exporter/exporterhelper"
)

// BenchmarkBatchFromRequests follows processed loadgen spans through the exporter's side of
// the pipeline up to the insert: requests of 70 spans converted into rows, merged into batches
// of the default 5 000 as the batcher does, each batch then done with as after a successful
// insert (no ClickHouse).
func BenchmarkBatchFromRequests(b *testing.B) {
	const perRequest = 70
	exp := newAnalyticsExporter(createDefaultConfig(), nil)
	td := processedSpans(b, perRequest)
	ctx := context.Background()
	convert := func() *spanRows {
		req, err := exp.rowsFromTraces(ctx, td)
		if err != nil {
			b.Fatal(err)
		}
		return req.(*spanRows)
	}
	spans := 0
	b.ReportAllocs()
	cpu0 := processCPU(b)
	for b.Loop() {
		batch := convert()
		for batch.ItemsCount() < batch.batchRows {
			if _, err := batch.MergeSplit(ctx, 20_000, exporterhelper.RequestSizerTypeItems, convert()); err != nil {
				b.Fatal(err)
			}
		}
		spans += batch.ItemsCount()
		batch.recycleEvents()
	}
	b.ReportMetric(float64((processCPU(b)-cpu0).Nanoseconds())/float64(spans), "cpu-ns/span")
}
