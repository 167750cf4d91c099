package anomaly

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

func testConfig() Config {
	cfg := DefaultConfig()
	cfg.WarmupWindows = 5
	cfg.BaselineWindows = 10
	return cfg
}

// win describes one window of a series' traffic.
type win struct {
	n, errors, zero int
	latency, cost   float64 // per call
}

var steady = win{n: 100, errors: 1, zero: 5, latency: 1000, cost: 0.001}

// harness feeds windows of deterministic traffic through a detector in simulated time.
type harness struct {
	t      *testing.T
	d      *Detector
	cfg    Config
	next   int // next window index
	alerts []Alert
	flags  map[Type]int // calls flagged, per type
}

func newHarness(t *testing.T, cfg Config) *harness {
	require.NoError(t, cfg.Validate())
	return &harness{t: t, d: New(cfg), cfg: cfg, flags: map[Type]int{}}
}

// feed sends one window per spec to each model of tenant "acme" and closes it.
func (h *harness) feed(models []string, specs ...win) {
	for _, w := range specs {
		start := t0.Add(time.Duration(h.next) * h.cfg.Window)
		for _, model := range models {
			for i := 0; i < w.n; i++ {
				at := start.Add(time.Duration(i) * h.cfg.Window / time.Duration(max(w.n, 1)))
				flags, outcome := h.d.Observe(Sample{
					Time: at, Tenant: "acme", Provider: "openai", Model: model,
					Error: i < w.errors, ZeroResult: i >= w.n-w.zero, LatencyMs: w.latency, CostUSD: w.cost,
				}, at)
				require.Equal(h.t, Counted, outcome)
				for _, f := range flags {
					h.flags[f]++
				}
			}
		}
		h.next++
		h.d.Advance(start.Add(h.cfg.Window + h.cfg.GracePeriod))
		got, _ := h.d.Drain()
		h.alerts = append(h.alerts, got...)
	}
}

func repeat(w win, n int) []win {
	out := make([]win, n)
	for i := range out {
		out[i] = w
	}
	return out
}

func TestDetectorOneAlertPerIncident(t *testing.T) {
	spike, drop, errs, slow, costly, empty := steady, steady, steady, steady, steady, steady
	spike.n = 500
	drop.n = 0
	errs.errors = 20
	slow.latency = 3000
	costly.cost = 0.01
	empty.zero = 40
	tests := []struct {
		name     string
		incident win
		want     Type
		metric   string
		severity Severity
		flagged  int // calls flagged: from the 2nd incident window until resolution
	}{
		// spike and drop flag every call while open (incident windows 2-3, recovery 1-2).
		{"spike", spike, TypeSpike, "requests", SeverityHigh, 2*500 + 2*100},
		{"drop to zero", drop, TypeDrop, "requests", SeverityHigh, 2 * 100},
		// the others flag only the calls that show the problem.
		{"error rate", errs, TypeErrorRate, "error_rate", SeverityHigh, 2*20 + 2*1},
		{"latency", slow, TypeLatency, "latency_mean_ms", SeverityMedium, 2 * 100},
		{"cost", costly, TypeCost, "cost_usd", SeverityHigh, 2 * 100},
		{"zero result", empty, TypeZeroResult, "zero_result_rate", SeverityHigh, 2*40 + 2*5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, testConfig())
			models := []string{"gpt-4o"}
			h.feed(models, repeat(steady, 20)...)
			require.Empty(t, h.alerts, "steady traffic raises nothing")
			h.feed(models, repeat(tt.incident, 3)...)
			require.Len(t, h.alerts, 1, "opened when the first incident window closes")
			opened := h.alerts[0]
			h.feed(models, repeat(steady, 4)...)
			require.Len(t, h.alerts, 2, "resolved after recovery_windows normal windows")
			resolved := h.alerts[1]

			assert.Equal(t, tt.want, opened.Type)
			assert.Equal(t, tt.metric, opened.Metric)
			assert.Equal(t, opened.ID, resolved.ID, "one incident, one alert id")
			assert.Equal(t, uint64(1), opened.Version)
			assert.Equal(t, uint64(2), resolved.Version)
			assert.False(t, opened.Resolved())
			assert.Equal(t, t0.Add(20*time.Minute), opened.WindowStart)
			assert.Equal(t, t0.Add(23*time.Minute), resolved.WindowEnd)
			assert.Equal(t, t0.Add(23*time.Minute), resolved.ResolvedAt)
			assert.Equal(t, t0.Add(21*time.Minute+10*time.Second), opened.Timestamp, "detected at window end + grace")
			assert.Equal(t, tt.severity, resolved.Severity)
			assert.Equal(t, "acme", opened.Tenant)
			assert.Equal(t, "gpt-4o", opened.Model, "a single model's incident is reported on the model")
			assert.Contains(t, opened.Description, tt.want.String())
			assert.Equal(t, tt.flagged, h.flags[tt.want], "calls flagged %s", tt.want)
			assert.Len(t, h.flags, 1, "no other flag: %v", h.flags)
		})
	}
}

func TestDetectorTenantWideIncident(t *testing.T) {
	h := newHarness(t, testConfig())
	models := []string{"a", "b", "c"}
	h.feed(models, repeat(steady, 20)...)
	slow := steady
	slow.latency = 5000
	h.feed(models, slow, slow)
	require.Len(t, h.alerts, 1, "three models and the tenant see it: one alert")
	assert.Equal(t, TypeLatency, h.alerts[0].Type)
	assert.Equal(t, "", h.alerts[0].Model)
	assert.Equal(t, SeverityHigh, h.alerts[0].Severity)
}

func TestDetectorGuards(t *testing.T) {
	small := steady
	small.n = 10
	smallSpike := small
	smallSpike.n = 60
	spike := steady
	spike.n = 600
	tests := []struct {
		name   string
		before []win
		then   win
	}{
		{"no alert during warm-up", repeat(steady, 3), spike},
		{"no alert below min volume", repeat(small, 20), smallSpike},
		{"small wobble is normal", repeat(steady, 20), win{n: 130, errors: 2, zero: 8, latency: 1400, cost: 0.0012}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, testConfig())
			h.feed([]string{"m"}, tt.before...)
			h.feed([]string{"m"}, tt.then)
			assert.Empty(t, h.alerts)
		})
	}
}

func TestDetectorCooldownReopensSameAlert(t *testing.T) {
	h := newHarness(t, testConfig())
	slow := steady
	slow.latency = 4000
	h.feed([]string{"m"}, repeat(steady, 20)...)
	h.feed([]string{"m"}, slow, steady, steady, slow, steady, steady)
	require.Len(t, h.alerts, 4, "open, resolve, reopen, resolve")
	for i, a := range h.alerts {
		assert.Equal(t, h.alerts[0].ID, a.ID)
		assert.Equal(t, uint64(i+1), a.Version)
	}
	assert.True(t, h.alerts[3].Resolved())
	assert.Equal(t, t0.Add(24*time.Minute), h.alerts[3].ResolvedAt)
	assert.Equal(t, t0.Add(20*time.Minute), h.alerts[3].WindowStart)
}

func TestDetectorLongShiftBecomesNormal(t *testing.T) {
	cfg := testConfig()
	cfg.AdaptAfterWindows = 3
	h := newHarness(t, cfg)
	slow := steady
	slow.latency = 4000
	h.feed([]string{"m"}, repeat(steady, 20)...)
	h.feed([]string{"m"}, repeat(slow, 40)...)
	require.Len(t, h.alerts, 2, "the baseline adapts and the alert resolves while the shift lasts")
	assert.True(t, h.alerts[1].Resolved())
}

func TestDetectorDropSeenWithoutTraffic(t *testing.T) {
	cfg := testConfig()
	d := New(cfg)
	for i := 0; i < 20*100; i++ {
		at := t0.Add(time.Duration(i) * 600 * time.Millisecond)
		d.Observe(Sample{Time: at, Tenant: "acme", Provider: "p", Model: "m", LatencyMs: 100}, at)
	}
	d.Advance(t0.Add(21 * time.Minute))
	alerts, _ := d.Drain()
	require.Empty(t, alerts)
	// Nothing arrives any more; only the ticker moves time.
	d.Advance(t0.Add(22*time.Minute + 10*time.Second))
	alerts, _ = d.Drain()
	require.Len(t, alerts, 1)
	assert.Equal(t, TypeDrop, alerts[0].Type)
	assert.Equal(t, 0.0, alerts[0].Actual)
}

func TestDetectorLateFutureAndClock(t *testing.T) {
	d := New(testConfig())
	now := t0.Add(time.Hour)
	_, out := d.Observe(Sample{Time: now, Tenant: "a", LatencyMs: -1}, now)
	assert.Equal(t, Counted, out)
	_, out = d.Observe(Sample{Time: now.Add(-5 * time.Second), Tenant: "a", LatencyMs: -1}, now)
	assert.Equal(t, Counted, out, "within the grace period")
	_, out = d.Observe(Sample{Time: now.Add(-10 * time.Minute), Tenant: "a", LatencyMs: -1}, now)
	assert.Equal(t, Late, out)
	_, out = d.Observe(Sample{Time: now.Add(time.Hour), Tenant: "a", LatencyMs: -1}, now)
	assert.Equal(t, Future, out)
	// Backfilled data (far behind the wall clock) is counted at its own pace.
	old := t0.Add(-24 * time.Hour)
	d2 := New(testConfig())
	for i := 0; i < 5; i++ {
		_, out = d2.Observe(Sample{Time: old.Add(time.Duration(i) * time.Minute), Tenant: "a", LatencyMs: -1}, now)
		assert.Equal(t, Counted, out)
	}
	disabled := testConfig()
	disabled.Enabled = false
	_, out = New(disabled).Observe(Sample{Time: now, Tenant: "a"}, now)
	assert.Equal(t, Disabled, out)
}

func TestDetectorEvictsLeastRecentlySeen(t *testing.T) {
	cfg := testConfig()
	cfg.MaxSeries = 10
	d := New(cfg)
	for i := 0; i < 100; i++ {
		d.Observe(Sample{Time: t0, Tenant: "t", Provider: "p", Model: string(rune('A' + i)), LatencyMs: -1}, t0)
		assert.LessOrEqual(t, d.SeriesCount(), 10)
	}
	_, evicted := d.Drain()
	assert.Equal(t, 100+1-10, evicted, "101 series seen (100 models + the tenant), 10 kept")
	// The tenant series is touched by every call, so it is never the one evicted.
	k := newSeriesKey("t", "", "")
	assert.NotNil(t, d.series.find(k, d.series.keyHash(k)))
}

func TestFloorTo(t *testing.T) {
	for _, tt := range []struct{ t, step, want int64 }{{125, 60, 120}, {-5, 60, -60}, {0, 60, 0}, {60, 60, 60}} {
		assert.Equal(t, tt.want, floorTo(tt.t, tt.step))
	}
}

func TestDropToZeroDespiteNoisyHistory(t *testing.T) {
	h := newHarness(t, testConfig())
	low, high := steady, steady
	low.n, high.n = 30, 170 // mean 100, σ ≈ 70: the 4σ test alone could never fire
	for i := 0; i < 10; i++ {
		h.feed([]string{"m"}, low, high)
	}
	require.Empty(t, h.alerts)
	zero := steady
	zero.n = 0
	h.feed([]string{"m"}, zero)
	require.Len(t, h.alerts, 1)
	assert.Equal(t, TypeDrop, h.alerts[0].Type)
}

func TestTopSpenders(t *testing.T) {
	var top topSpenders
	for i := 0; i < 300; i++ { // many small spenders churn through the table
		top.add("u-"+string(rune('a'+i%26))+string(rune('a'+i/26)), 0.001)
		if i%3 == 0 {
			top.add("whale", 0.01)
		}
	}
	user, spent := top.top()
	assert.Equal(t, "whale", user)
	assert.GreaterOrEqual(t, spent, 100*0.01, "an over-estimate, never an under-estimate")
}

func TestCostAlertNamesTheSpender(t *testing.T) {
	h := newHarness(t, testConfig())
	h.feed([]string{"m"}, repeat(steady, 20)...)
	start := t0.Add(20 * time.Minute)
	for i := 0; i < 100; i++ {
		at := start.Add(time.Duration(i) * 500 * time.Millisecond)
		user, cost := "u-"+string(rune('a'+i%20)), 0.001
		if i%10 == 0 {
			user, cost = "u-whale", 0.05
		}
		h.d.Observe(Sample{Time: at, Tenant: "acme", Provider: "openai", Model: "m", LatencyMs: 1000, CostUSD: cost, User: user}, at)
	}
	h.d.Advance(start.Add(time.Minute + h.cfg.GracePeriod))
	alerts, _ := h.d.Drain()
	require.Len(t, alerts, 1)
	assert.Equal(t, TypeCost, alerts[0].Type)
	assert.Contains(t, alerts[0].Description, "largest spender: user u-whale (~")
}
