package analytics_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics/analyticstest"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
)

// TestOverview checks the dashboard overview against a brute-force answer over the seeded
// dataset: per-bucket counts, cost, exact quantiles, feedback and the per-model split.
func TestOverview(t *testing.T) {
	conn := chtest.Conn(t)
	db := analyticstest.NewSchema(t, conn)
	d := analyticstest.Generate(7, analyticstest.Options{Users: 12, EventsPerUser: 20})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	require.NoError(t, d.Insert(ctx, conn, db))
	store := analytics.NewStore(conn, db, nil)

	base := analytics.Filter{Tenant: analyticstest.Tenant, From: analyticstest.From, To: analyticstest.To}
	filtered := base
	filtered.UserSegment = "pro"
	narrow := base
	narrow.From, narrow.To = base.From.Add(3*time.Hour+17*time.Second), base.From.Add(5*time.Hour)
	for name, tc := range map[string]struct {
		f analytics.Filter
		n int
	}{"all": {base, 24}, "segment": {filtered, 24}, "odd range": {narrow, 7}, "one bucket": {base, 1}} {
		t.Run(name, func(t *testing.T) {
			got, err := store.Overview(ctx, tc.f, tc.n)
			require.NoError(t, err)
			want := expectOverview(d, tc.f, tc.n)
			require.NotZero(t, want.Totals.Calls, "the case must cover data")
			require.NotZero(t, want.Totals.FeedbackTotal, "the case must cover feedback")
			assert.Equal(t, want.StepSeconds, got.StepSeconds)
			require.Len(t, got.Buckets, len(want.Buckets))
			assertFigures(t, "totals", want.Totals.OverviewFigures, got.Totals.OverviewFigures)
			assert.Equal(t, want.Totals.Ratings, got.Totals.Ratings)
			for i := range want.Buckets {
				assert.Equal(t, want.Buckets[i].Start, got.Buckets[i].Start)
				assertFigures(t, want.Buckets[i].Start.String(), want.Buckets[i].OverviewFigures, got.Buckets[i].OverviewFigures)
			}
			require.Len(t, got.ByModel, len(want.ByModel))
			for i := range want.ByModel {
				assert.Equal(t, want.ByModel[i].Model, got.ByModel[i].Model)
				assert.Equal(t, want.ByModel[i].Calls, got.ByModel[i].Calls)
				assert.InDeltaSlice(t, want.ByModel[i].CostUSD, got.ByModel[i].CostUSD, 1e-9)
			}
			// The overview agrees with the endpoints that answer the same questions.
			zr, err := store.ZeroResults(ctx, tc.f)
			require.NoError(t, err)
			assert.Equal(t, zr.Total, got.Totals.Calls)
			sat, err := store.Satisfaction(ctx, tc.f, "")
			require.NoError(t, err)
			assert.Equal(t, sat[0].Total, got.Totals.FeedbackTotal)
			if got.Totals.NetSatisfactionScore != nil {
				assert.Equal(t, sat[0].NetSatisfactionScore, *got.Totals.NetSatisfactionScore)
			}
		})
	}

	t.Run("empty range is null, not zero", func(t *testing.T) {
		f := base
		f.From, f.To = base.To.Add(48*time.Hour), base.To.Add(49*time.Hour)
		got, err := store.Overview(ctx, f, 4)
		require.NoError(t, err)
		assert.Zero(t, got.Totals.Calls)
		assert.Nil(t, got.Totals.ErrorRate)
		assert.Nil(t, got.Totals.LatencyP95Ms)
		assert.Nil(t, got.Totals.NetSatisfactionScore)
		assert.Empty(t, got.ByModel)
	})
	t.Run("bucket count is bounded", func(t *testing.T) {
		_, err := store.Overview(ctx, base, analytics.MaxOverviewBuckets+1)
		require.Error(t, err)
	})
}

func assertFigures(t *testing.T, where string, want, got analytics.OverviewFigures) {
	t.Helper()
	assert.Equal(t, want.Calls, got.Calls, where)
	assert.Equal(t, want.Errors, got.Errors, where)
	assert.Equal(t, want.ZeroResults, got.ZeroResults, where)
	assert.InDelta(t, want.CostUSD, got.CostUSD, 1e-9, where)
	assert.Equal(t, want.FeedbackTotal, got.FeedbackTotal, where)
	for _, p := range [][2]*float64{{want.ErrorRate, got.ErrorRate}, {want.ZeroResultRate, got.ZeroResultRate},
		{want.LatencyP50Ms, got.LatencyP50Ms}, {want.LatencyP95Ms, got.LatencyP95Ms},
		{want.NetSatisfactionScore, got.NetSatisfactionScore}} {
		if p[0] == nil {
			assert.Nil(t, p[1], where)
			continue
		}
		if assert.NotNil(t, p[1], where) {
			assert.InDelta(t, *p[0], *p[1], 1e-9, where)
		}
	}
}

// expectOverview answers the overview by brute force, following its documented definitions.
func expectOverview(d *analyticstest.Dataset, f analytics.Filter, n int) analytics.Overview {
	step := analytics.OverviewStep(f, n)
	count := int((f.To.Sub(f.From) + step - 1) / step)
	out := analytics.Overview{StepSeconds: int64(step / time.Second), Buckets: make([]analytics.OverviewBucket, count)}
	latency := make([][]float64, count)
	var all []float64
	ups, downs := make([]uint64, count), make([]uint64, count)
	var up, down uint64
	bucket := func(ts time.Time) int { return int((ts.UnixMilli() - f.From.UnixMilli()) / step.Milliseconds()) }
	models := map[string]*analytics.OverviewByModel{}
	costs := map[string]float64{}
	var events []analyticstest.Event
	for _, e := range d.Final() {
		if e.Tenant != f.Tenant || e.Timestamp.Before(f.From) || !e.Timestamp.Before(f.To) ||
			(f.UserSegment != "" && e.UserSegment != f.UserSegment) {
			continue
		}
		events = append(events, e)
		b := bucket(e.Timestamp)
		cost := 0.0
		if e.CostUSD != nil {
			cost = *e.CostUSD
		}
		for _, x := range []*analytics.OverviewFigures{&out.Buckets[b].OverviewFigures, &out.Totals.OverviewFigures} {
			x.Calls++
			x.CostUSD += cost
			if e.Error {
				x.Errors++
			}
			if e.ZeroResult {
				x.ZeroResults++
			}
		}
		latency[b] = append(latency[b], e.LatencyMs)
		all = append(all, e.LatencyMs)
		m := models[e.Model]
		if m == nil {
			m = &analytics.OverviewByModel{Model: e.Model, Calls: make([]uint64, count), CostUSD: make([]float64, count)}
			models[e.Model] = m
		}
		m.Calls[b]++
		m.CostUSD[b] += cost
		costs[e.Model] += cost
	}
	for _, fb := range d.FinalFeedback() {
		if fb.Tenant != f.Tenant || fb.Timestamp.Before(f.From) || !fb.Timestamp.Before(f.To) {
			continue
		}
		if f.UserSegment != "" && !linkedToAny(fb, events) {
			continue
		}
		b := bucket(fb.Timestamp)
		out.Buckets[b].FeedbackTotal++
		out.Totals.FeedbackTotal++
		switch fb.Type {
		case "thumbs_up":
			ups[b]++
			up++
		case "thumbs_down":
			downs[b]++
			down++
		case "rating":
			out.Totals.Ratings[*fb.Rating-1]++
		}
	}
	fill := func(x *analytics.OverviewFigures, lat []float64, up, down uint64) {
		if x.Calls > 0 {
			er, zr := float64(x.Errors)*100/float64(x.Calls), float64(x.ZeroResults)*100/float64(x.Calls)
			x.ErrorRate, x.ZeroResultRate = &er, &zr
			p50, p95 := quantileExact(lat, 0.5), quantileExact(lat, 0.95)
			x.LatencyP50Ms, x.LatencyP95Ms = &p50, &p95
		}
		if x.FeedbackTotal > 0 {
			nss := float64(up)*100/float64(x.FeedbackTotal) - float64(down)*100/float64(x.FeedbackTotal)
			x.NetSatisfactionScore = &nss
		}
	}
	fill(&out.Totals.OverviewFigures, all, up, down)
	for i := range out.Buckets {
		out.Buckets[i].Start = f.From.Add(time.Duration(i) * step).UTC()
		fill(&out.Buckets[i].OverviewFigures, latency[i], ups[i], downs[i])
	}
	for _, m := range models {
		out.ByModel = append(out.ByModel, *m)
	}
	sort.Slice(out.ByModel, func(i, j int) bool {
		a, b := out.ByModel[i], out.ByModel[j]
		if costs[a.Model] != costs[b.Model] {
			return costs[a.Model] > costs[b.Model]
		}
		return a.Model < b.Model
	})
	return out
}

// quantileExact is the element at ⌊level·n⌋ of the sorted values.
func quantileExact(v []float64, level float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[min(int(level*float64(len(s))), len(s)-1)]
}

func linkedToAny(fb analyticstest.Feedback, events []analyticstest.Event) bool {
	for _, e := range events {
		if fb.ResponseID != "" && fb.ResponseID == e.ResponseID ||
			fb.ResponseID == "" && fb.TraceID == e.TraceID && fb.SpanID == e.SpanID {
			return true
		}
	}
	return false
}
