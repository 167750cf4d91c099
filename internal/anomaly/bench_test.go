package anomaly

import (
	"runtime"
	"strconv"
	"testing"
	"time"
)

// BenchmarkMemoryMaxSeries offers 200k distinct series (2 000 tenants × 100 models, each
// with calls in two windows, latency sketches included) to a detector capped at
// max_series 100 000 and reports the heap it holds: the cap, not the offered load, bounds it.
func BenchmarkMemoryMaxSeries(b *testing.B) {
	for _, offered := range []int{100_000, 200_000} {
		b.Run("offered="+strconv.Itoa(offered), func(b *testing.B) {
			var heap, series float64
			for range b.N {
				cfg := DefaultConfig()
				cfg.MaxSeries = 100_000
				runtime.GC()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				d := New(cfg)
				for w := 0; w < 2; w++ {
					at := t0.Add(time.Duration(w) * time.Minute)
					for i := 0; i < offered; i++ {
						d.Observe(Sample{Time: at, Tenant: "tenant-" + strconv.Itoa(i/100), Provider: "openai",
							Model: "model-" + strconv.Itoa(i%100), LatencyMs: float64(100 + i%900), CostUSD: 0.001}, at)
					}
				}
				d.Advance(t0.Add(2*time.Minute + cfg.GracePeriod)) // close both windows
				runtime.GC()
				runtime.ReadMemStats(&after)
				heap = float64(after.HeapAlloc) - float64(before.HeapAlloc)
				series = float64(d.SeriesCount())
				runtime.KeepAlive(d)
			}
			b.ReportMetric(heap, "heap-bytes")
			b.ReportMetric(heap/series, "bytes/series")
			b.ReportMetric(series, "series")
		})
	}
}

// BenchmarkObserve measures the per-call cost on the hot path (1 000 series).
func BenchmarkObserve(b *testing.B) {
	d := New(DefaultConfig())
	models := make([]string, 100)
	for i := range models {
		models[i] = "model-" + strconv.Itoa(i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		at := t0.Add(time.Duration(i) * time.Millisecond)
		d.Observe(Sample{Time: at, Tenant: "t" + strconv.Itoa(i%10), Provider: "p", Model: models[i%100],
			LatencyMs: float64(i % 2000), CostUSD: 0.001}, at)
	}
}
