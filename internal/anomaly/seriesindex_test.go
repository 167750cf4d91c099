package anomaly

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSeriesIndexCollidingHashes replays random traffic (spikes, drops, errors, evictions)
// through detectors whose key hashes are all alike, or fall into two buckets, and one with
// whole hashes: series with the same hash must still be told apart, found and evicted alone,
// so the flags, alerts, evictions and saved state are the same.
func TestSeriesIndexCollidingHashes(t *testing.T) {
	for _, mask := range []uint64{0, 1} {
		t.Run("mask="+strconv.FormatUint(mask, 10), func(t *testing.T) {
			cfg := testConfig()
			cfg.MaxSeries = 12 // 3 tenants × (3 models + overall), and rare others that evict
			want, got := New(cfg), New(cfg)
			got.series.mask = mask
			rng := rand.New(rand.NewPCG(mask, 11))
			var alerts, flagged, evicted int
			for w := range 60 {
				start := t0.Add(time.Duration(w) * cfg.Window)
				for i := range 300 {
					at := start.Add(time.Duration(i) * cfg.Window / 300)
					tenant, model := rng.IntN(3), rng.IntN(3)
					if rng.IntN(100) == 0 {
						tenant, model = 3+rng.IntN(2), 3+rng.IntN(2)
					}
					if w%15 > 10 && tenant == 0 {
						continue // a drop
					}
					smp := Sample{
						Time: at, Tenant: "t" + strconv.Itoa(tenant), Provider: "p", Model: "m" + strconv.Itoa(model),
						Error: rng.IntN(50) == 0 || (w%20 > 16 && tenant == 1), LatencyMs: float64(100 + rng.IntN(50)),
						CostUSD: 0.001, ZeroResult: rng.IntN(20) == 0,
					}
					if w%10 == 9 && tenant == 2 {
						smp.Model = "m0" // a spike on one model
					}
					wantFlags, wantOutcome := want.Observe(smp, at)
					gotFlags, gotOutcome := got.Observe(smp, at)
					require.Equal(t, wantOutcome, gotOutcome)
					require.Equal(t, wantFlags, gotFlags, "window %d call %d", w, i)
					flagged += len(gotFlags)
				}
				end := start.Add(cfg.Window + cfg.GracePeriod)
				want.Advance(end)
				got.Advance(end)
				wantAlerts, wantEvicted := want.Drain()
				gotAlerts, gotEvicted := got.Drain()
				require.Equal(t, wantAlerts, gotAlerts, "window %d", w)
				require.Equal(t, wantEvicted, gotEvicted)
				require.Equal(t, want.SeriesCount(), got.SeriesCount())
				alerts += len(gotAlerts)
				evicted += gotEvicted
			}
			wantState, err := want.MarshalState()
			require.NoError(t, err)
			gotState, err := got.MarshalState()
			require.NoError(t, err)
			assert.JSONEq(t, string(wantState), string(gotState))
			assert.Positive(t, alerts, "the replay raises alerts")
			assert.Positive(t, flagged, "the replay flags calls")
			assert.Positive(t, evicted, "the replay evicts series")
			t.Logf("%d alerts, %d flags, %d evictions", alerts, flagged, evicted)
		})
	}
}

// TestSeriesIndexRestoreWithCollisions restores saved state into a detector whose hashes
// all collide: every series is found again under its own key.
func TestSeriesIndexRestoreWithCollisions(t *testing.T) {
	d := New(testConfig())
	for _, m := range []string{"a", "b", "c"} {
		d.Observe(Sample{Time: t0, Tenant: "t", Provider: "p", Model: m, LatencyMs: -1}, t0)
	}
	data, err := d.MarshalState()
	require.NoError(t, err)
	restored := New(testConfig())
	restored.series.mask = 0
	n, err := restored.RestoreState(data)
	require.NoError(t, err)
	assert.Equal(t, 4, n)
	for _, k := range []seriesKey{{"t", "p", "a"}, {"t", "p", "b"}, {"t", "p", "c"}, {tenant: "t"}} {
		s := restored.series.find(k, restored.series.keyHash(k))
		require.NotNil(t, s, "%v", k)
		assert.Equal(t, k, s.key)
	}
	assert.Nil(t, restored.series.find(seriesKey{"t", "p", "d"}, 0))
}

// TestUnionFlags: the types open on either series, once each, in type order.
func TestUnionFlags(t *testing.T) {
	d := New(testConfig())
	open := &alertState{}
	model, tenant := &series{}, &series{}
	assert.Nil(t, d.unionFlags(model, tenant, &Sample{}))
	model.alerts[TypeDrop], model.alerts[TypeErrorRate] = open, open
	tenant.alerts[TypeSpike], tenant.alerts[TypeDrop], tenant.alerts[TypeZeroResult] = open, open, open
	assert.Equal(t, []Type{TypeSpike, TypeDrop, TypeErrorRate, TypeZeroResult},
		d.unionFlags(model, tenant, &Sample{Error: true, ZeroResult: true}))
	assert.Equal(t, []Type{TypeSpike, TypeDrop}, d.unionFlags(model, tenant, &Sample{}))
}
