package aifeedbackreceiver

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/plog"
)

// BenchmarkFeedbackBatch measures what one POST /v1/feedback of 100 items costs the receiver
// before the pipeline: decode, validate, resolve ids and build the log records.
func BenchmarkFeedbackBatch(b *testing.B) {
	items := make([]string, 100)
	for i := range items {
		items[i] = fmt.Sprintf(`{"user_id":"u-%d","session_id":"s-%d","response_id":"chatcmpl-%d","type":"rating","rating":%d,"comment":"ok","metadata":{"page":"/chat","n":%d}}`, i, i/4, i, i%5+1, i)
	}
	body := []byte("[" + strings.Join(items, ",") + "]")
	d := newDecoder(createDefaultConfig())
	now := time.Now()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		parsed, errs, err := d.feedbackBatch(body)
		if err != nil || len(errs) > 0 {
			b.Fatal(err, errs)
		}
		ld := plog.NewLogs()
		lrs := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
		for _, f := range resolveFeedback(parsed, "default", now) {
			f.ToLogRecord(lrs.AppendEmpty(), now)
		}
	}
	b.ReportMetric(float64(b.N*len(items))/b.Elapsed().Seconds(), "items/s")
}
