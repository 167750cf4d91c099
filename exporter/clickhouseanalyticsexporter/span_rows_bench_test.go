package clickhouseanalyticsexporter

import (
	"bytes"
	"context"
	"encoding/gob"
	"runtime"
	"testing"

	"go.opentelemetry.io/collector/pdata/ptrace"
)

// BenchmarkQueuedBytesPerSpan measures the heap a queued span keeps alive: as the pdata the
// queue held before (a copy of the processed loadgen spans, as a fresh OTLP decode would
// give), and as the rows it holds now (converted, the pdata dropped). retained-B/span is
// the live heap after a full GC divided by the spans; it is what the sending queue and its
// batches cost per span waiting to be written.
func BenchmarkQueuedBytesPerSpan(b *testing.B) {
	const spans = 5_000
	exp := newAnalyticsExporter(createDefaultConfig(), nil)
	src := processedSpans(b, spans)
	raw, err := (&ptrace.ProtoMarshaler{}).MarshalTraces(src)
	if err != nil {
		b.Fatal(err)
	}
	decode := func() ptrace.Traces {
		td, err := (&ptrace.ProtoUnmarshaler{}).UnmarshalTraces(raw)
		if err != nil {
			b.Fatal(err)
		}
		return td
	}
	for _, c := range []struct {
		name string
		hold func() any
	}{
		{"pdata", func() any { return decode() }},
		{"rows", func() any {
			rows, err := exp.rowsFromTraces(context.Background(), decode())
			if err != nil {
				b.Fatal(err)
			}
			return rows
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var retained uint64
			for range b.N {
				before := liveHeap()
				held := c.hold()
				after := liveHeap()
				runtime.KeepAlive(held)
				retained += after - min(before, after)
			}
			b.ReportMetric(float64(retained)/float64(b.N*spans), "retained-B/span")
		})
	}
}

func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkQueueRecord measures what the persistent queue spends per span to write and read
// back one request of 100 spans: the rows' record now (AIAROWS3), the same rows in gob (the
// AIAROWS2 records of the version before) and the OTLP spans (the versions before that).
func BenchmarkQueueRecord(b *testing.B) {
	const spans = 100
	exp := newAnalyticsExporter(createDefaultConfig(), nil)
	td := processedSpans(b, spans)
	rows, err := exp.rowsFromTraces(context.Background(), td)
	if err != nil {
		b.Fatal(err)
	}
	enc := spanRowsEncoding{exp: exp}
	b.Run("rows", func(b *testing.B) {
		b.ReportAllocs()
		var size int
		for range b.N {
			data, err := enc.Marshal(context.Background(), rows)
			if err != nil {
				b.Fatal(err)
			}
			if _, _, err := enc.Unmarshal(data); err != nil {
				b.Fatal(err)
			}
			size = len(data)
		}
		b.ReportMetric(float64(size)/spans, "record-B/span")
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*spans), "ns/span")
	})
	b.Run("rows-gob-v2", func(b *testing.B) {
		v3 := rows.(*spanRows)
		b.ReportAllocs()
		var size int
		for range b.N {
			var buf bytes.Buffer
			buf.Write(spanRowsMagicV2)
			if err := gob.NewEncoder(&buf).Encode(&spanRowsRecord{Events: v3.events, Alerts: v3.alerts, Feedback: v3.feedback}); err != nil {
				b.Fatal(err)
			}
			if _, _, err := enc.Unmarshal(buf.Bytes()); err != nil {
				b.Fatal(err)
			}
			size = buf.Len()
		}
		b.ReportMetric(float64(size)/spans, "record-B/span")
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*spans), "ns/span")
	})
	b.Run("pdata", func(b *testing.B) {
		b.ReportAllocs()
		var size int
		for range b.N {
			data, err := (&ptrace.ProtoMarshaler{}).MarshalTraces(td)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := (&ptrace.ProtoUnmarshaler{}).UnmarshalTraces(data); err != nil {
				b.Fatal(err)
			}
			size = len(data)
		}
		b.ReportMetric(float64(size)/spans, "record-B/span")
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*spans), "ns/span")
	})
}

// BenchmarkRowsFromTraces measures the conversion on arrival: 1 000 processed loadgen spans
// into the rows the queue holds (events, alerts, follow-ups), no ClickHouse.
func BenchmarkRowsFromTraces(b *testing.B) {
	exp := newAnalyticsExporter(createDefaultConfig(), nil)
	td := processedSpans(b, 1_000)
	b.ReportAllocs()
	cpu0 := processCPU(b) // CPU, unlike wall time, does not grow while other processes hold the cores
	for b.Loop() {
		if _, err := exp.rowsFromTraces(context.Background(), td); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(1_000*b.N), "ns/span")
	b.ReportMetric(float64((processCPU(b)-cpu0).Nanoseconds())/float64(1_000*b.N), "cpu-ns/span")
}
