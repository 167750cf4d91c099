package anomaly

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(*Config)
		wantErr string
	}{
		{"defaults", func(*Config) {}, ""},
		{"disabled skips checks", func(c *Config) { c.Enabled = false; c.Window = 0 }, ""},
		{"tiny window", func(c *Config) { c.Window = time.Millisecond }, "anomaly.window"},
		{"negative grace", func(c *Config) { c.GracePeriod = -time.Second }, "anomaly.grace_period"},
		{"zero max series", func(c *Config) { c.MaxSeries = 0 }, "anomaly.max_series"},
		{"one max series", func(c *Config) { c.MaxSeries = 1 }, "anomaly.max_series"},
		{"negative warmup", func(c *Config) { c.WarmupWindows = -1 }, "anomaly.warmup_windows"},
		{"spike ratio below 1", func(c *Config) { c.Spike.MinRatio = 0.5 }, "anomaly.spike.min_ratio"},
		{"drop ratio 1", func(c *Config) { c.Drop.MaxRatio = 1 }, "anomaly.drop.max_ratio"},
		{"error rate 1", func(c *Config) { c.ErrorRate.MinRate = 1 }, "anomaly.error_rate.min_rate"},
		{"negative sigma", func(c *Config) { c.Latency.Sigma = -1 }, "anomaly.latency.sigma"},
		{"latency ratio", func(c *Config) { c.Latency.Ratio = 0.9 }, "anomaly.latency.ratio"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultConfig()
			tt.mutate(&cfg)
			err := cfg.Validate()
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestSketchQuantile(t *testing.T) {
	tests := []struct {
		name   string
		values func(add func(float64))
		q      float64
		want   float64
	}{
		{"empty", func(func(float64)) {}, 0.95, 0},
		{"uniform 1..1000", func(add func(float64)) {
			for i := 1; i <= 1000; i++ {
				add(float64(i))
			}
		}, 0.95, 950},
		{"constant", func(add func(float64)) {
			for i := 0; i < 50; i++ {
				add(1234)
			}
		}, 0.95, 1234},
		{"zeros and NaN count low", func(add func(float64)) {
			for i := 0; i < 96; i++ {
				add(0)
			}
			for i := 0; i < 4; i++ {
				add(500)
			}
		}, 0.95, 0},
		{"wide range collapses low buckets only", func(add func(float64)) {
			for i := 0; i < 10000; i++ {
				add(0.01 * float64(i+1) * float64(i+1))
			}
		}, 0.95, 0.01 * 9500 * 9500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s sketch
			tt.values(s.add)
			assert.LessOrEqual(t, len(s.buckets), maxSketchBuckets)
			assert.InDelta(t, tt.want, s.quantile(tt.q), tt.want*0.021+1e-9)
		})
	}
}

func TestEWMA(t *testing.T) {
	var e ewma
	assert.False(t, e.ready(1))
	for i := 0; i < 200; i++ {
		e.update(10, 0.1)
	}
	e.update(nanValue(), 0.1) // ignored
	assert.True(t, e.ready(5))
	assert.InDelta(t, 10, e.mean, 1e-9)
	assert.InDelta(t, 0, e.std(), 1e-9)
	for i := 0; i < 200; i++ {
		e.update(float64(10+(i%2)*10), 0.1) // alternating 10, 20
	}
	assert.InDelta(t, 15, e.mean, 0.6)
	assert.InDelta(t, 5, e.std(), 0.6)
}

func nanValue() float64 {
	zero := 0.0
	return zero / zero
}

func TestRateZ(t *testing.T) {
	tests := []struct {
		name     string
		k, n     uint32
		p0       float64
		min, max float64
	}{
		{"at the baseline", 1, 100, 0.01, 0, 0},
		{"below the baseline", 0, 100, 0.05, 0, 0},
		{"no calls", 0, 0, 0.05, 0, 0},
		// P(X >= 5 | Bin(100, 0.01)) ≈ 3.4e-3 → z ≈ 2.7
		{"mildly surprising", 5, 100, 0.01, 2.6, 2.8},
		// P(X >= 20 | Bin(100, 0.01)) is astronomically small.
		{"an incident", 20, 100, 0.01, 8, math.Inf(1)},
		// 10 of 30 at a 5.6 % base: P ≈ 3e-6.
		{"small sample tail", 10, 30, 0.056, 4.4, 4.6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			z := rateZ(tt.k, tt.n, tt.p0)
			assert.GreaterOrEqual(t, z, tt.min)
			assert.LessOrEqual(t, z, tt.max)
		})
	}
}
