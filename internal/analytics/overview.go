package analytics

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// Overview is the range at a glance for the dashboard: totals, the same figures per time
// bucket, calls and cost per bucket and model, and the ratings histogram. Buckets are
// [from + i·step, from + (i+1)·step); the last one may end after `to` (data stops at `to`).
type Overview struct {
	StepSeconds int64             `json:"step_seconds"`
	Totals      OverviewTotals    `json:"totals"`
	Buckets     []OverviewBucket  `json:"buckets"`
	ByModel     []OverviewByModel `json:"by_model"`
}

// OverviewFigures are the figures of the range or of one bucket. Rates are percentages;
// rates, latencies and net satisfaction are null when there is nothing to compute them from
// (no calls, no feedback), never 0.
type OverviewFigures struct {
	Calls                uint64   `json:"calls"`
	Errors               uint64   `json:"errors"`
	ZeroResults          uint64   `json:"zero_results"`
	ErrorRate            *float64 `json:"error_rate"`
	ZeroResultRate       *float64 `json:"zero_result_rate"`
	CostUSD              float64  `json:"cost_usd"`
	LatencyP50Ms         *float64 `json:"latency_p50_ms"`
	LatencyP95Ms         *float64 `json:"latency_p95_ms"`
	FeedbackTotal        uint64   `json:"feedback_total"`
	NetSatisfactionScore *float64 `json:"net_satisfaction_score"`
	thumbsUp, thumbsDown uint64
}

// OverviewTotals adds the ratings histogram: Ratings[i] counts ratings of i+1 stars.
type OverviewTotals struct {
	OverviewFigures
	Ratings [5]uint64 `json:"ratings"`
}

// OverviewBucket is one time bucket.
type OverviewBucket struct {
	Start time.Time `json:"start"`
	OverviewFigures
}

// OverviewByModel holds one request model's calls and cost per bucket (aligned with Buckets).
type OverviewByModel struct {
	Model   string    `json:"model"`
	Calls   []uint64  `json:"calls"`
	CostUSD []float64 `json:"cost_usd"`
}

// Overview bucket limits: enough for a smooth chart, few enough to stay cheap.
const (
	DefaultOverviewBuckets = 48
	MaxOverviewBuckets     = 500
	minOverviewStep        = time.Minute
)

// bucketExpr numbers the bucket of a row from the range start (integer milliseconds, so the
// buckets are the same whatever the timestamp's precision).
const bucketExpr = `intDiv(toUnixTimestamp64Milli(timestamp) - {from_ms:Int64}, {step_ms:Int64})`

const overviewCallsSQL = `
SELECT ` + bucketExpr + ` AS b, request_model, count(), countIf(error), countIf(zero_result), sum(ifNull(cost_usd, 0))
FROM {{db}}.genai_events FINAL
WHERE ` + eventWhere + `
GROUP BY b, request_model`

// overviewLatencySQL: exact quantiles (the element at ⌊level·n⌋ of the sorted latencies) per
// bucket, and over the whole range in the row with b = -1.
const overviewLatencySQL = `
SELECT ` + bucketExpr + ` AS b, quantileExact(0.5)(latency_ms), quantileExact(0.95)(latency_ms)
FROM {{db}}.genai_events FINAL
WHERE ` + eventWhere + `
GROUP BY b
UNION ALL
SELECT -1, quantileExact(0.5)(latency_ms), quantileExact(0.95)(latency_ms)
FROM {{db}}.genai_events FINAL
WHERE ` + eventWhere + `
HAVING count() > 0`

// overviewFeedbackSQL counts feedback per bucket with the same scope as the satisfaction
// endpoint: all feedback of the range, or only feedback on matching events when event
// dimensions are filtered.
const overviewFeedbackSQL = `
SELECT ` + bucketExpr + ` AS b, count(), countIf(type = 'thumbs_up'), countIf(type = 'thumbs_down'),
	countIf(type = 'rating' AND ifNull(rating, 0) = 1), countIf(type = 'rating' AND ifNull(rating, 0) = 2),
	countIf(type = 'rating' AND ifNull(rating, 0) = 3), countIf(type = 'rating' AND ifNull(rating, 0) = 4),
	countIf(type = 'rating' AND ifNull(rating, 0) = 5)
FROM {{db}}.genai_feedback FINAL
WHERE ` + inRange + ` AND ({dims:UInt8} = 0
	OR (response_id != '' AND response_id IN (SELECT response_id FROM (` + filteredEvents + `) WHERE response_id != ''))
	OR (response_id = '' AND (trace_id, span_id) IN (SELECT trace_id, span_id FROM (` + filteredEvents + `))))
GROUP BY b`

// OverviewStep is the bucket width for n buckets over the filter's range: a whole number of
// minutes, at least one.
func OverviewStep(f Filter, n int) time.Duration {
	step := (f.To.Sub(f.From) + time.Duration(n) - 1) / time.Duration(n)
	return max(minOverviewStep, (step+minOverviewStep-1)/minOverviewStep*minOverviewStep)
}

// Overview computes the dashboard's overview over n buckets (1…MaxOverviewBuckets).
func (s *Store) Overview(ctx context.Context, f Filter, n int) (Overview, error) {
	if n < 1 || n > MaxOverviewBuckets {
		return Overview{}, fmt.Errorf("overview: buckets must be in 1…%d, got %d", MaxOverviewBuckets, n)
	}
	step := OverviewStep(f, n)
	count := int((f.To.Sub(f.From) + step - 1) / step)
	out := Overview{StepSeconds: int64(step / time.Second), Buckets: make([]OverviewBucket, count), ByModel: []OverviewByModel{}}
	for i := range out.Buckets {
		out.Buckets[i].Start = f.From.Add(time.Duration(i) * step).UTC()
	}
	params := clickhouse.Parameters{"from_ms": fmt.Sprint(f.From.UnixMilli()), "step_ms": fmt.Sprint(step.Milliseconds()), "dims": "0"}
	if f.HasEventDimensions() {
		params["dims"] = "1"
	}
	models := map[string]*OverviewByModel{}
	costs := map[string]float64{}
	// The three scans touch disjoint fields, so they run concurrently.
	queries := []func() error{
		func() error {
			return s.query(ctx, "overview calls", f, params, overviewCallsSQL, func(r driver.Rows) error {
				var (
					b                 int64
					model             string
					calls, errs, zero uint64
					cost              float64
				)
				if err := r.Scan(&b, &model, &calls, &errs, &zero, &cost); err != nil {
					return err
				}
				fig := out.bucket(b)
				if fig == nil {
					return nil
				}
				for _, x := range []*OverviewFigures{fig, &out.Totals.OverviewFigures} {
					x.Calls += calls
					x.Errors += errs
					x.ZeroResults += zero
					x.CostUSD += cost
				}
				m := models[model]
				if m == nil {
					m = &OverviewByModel{Model: model, Calls: make([]uint64, count), CostUSD: make([]float64, count)}
					models[model] = m
				}
				m.Calls[b] += calls
				m.CostUSD[b] += cost
				costs[model] += cost
				return nil
			})
		},
		func() error {
			return s.query(ctx, "overview latency", f, params, overviewLatencySQL, func(r driver.Rows) error {
				var (
					b        int64
					p50, p95 float64
				)
				if err := r.Scan(&b, &p50, &p95); err != nil {
					return err
				}
				fig := &out.Totals.OverviewFigures
				if b >= 0 {
					if fig = out.bucket(b); fig == nil {
						return nil
					}
				}
				fig.LatencyP50Ms, fig.LatencyP95Ms = &p50, &p95
				return nil
			})
		},
		func() error {
			return s.query(ctx, "overview feedback", f, params, overviewFeedbackSQL, func(r driver.Rows) error {
				var (
					b               int64
					total, up, down uint64
					ratings         [5]uint64
				)
				if err := r.Scan(&b, &total, &up, &down, &ratings[0], &ratings[1], &ratings[2], &ratings[3], &ratings[4]); err != nil {
					return err
				}
				fig := out.bucket(b)
				if fig == nil {
					return nil
				}
				for _, x := range []*OverviewFigures{fig, &out.Totals.OverviewFigures} {
					x.FeedbackTotal += total
					x.thumbsUp += up
					x.thumbsDown += down
				}
				for i, c := range ratings {
					out.Totals.Ratings[i] += c
				}
				return nil
			})
		},
	}
	errs := make([]error, len(queries))
	var wg sync.WaitGroup
	for i, q := range queries {
		wg.Go(func() { errs[i] = q() })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return Overview{}, err
	}
	out.Totals.derive()
	for i := range out.Buckets {
		out.Buckets[i].derive()
	}
	for _, m := range models {
		out.ByModel = append(out.ByModel, *m)
	}
	// Most expensive model first (ties by name): the bottom of the stack.
	sort.Slice(out.ByModel, func(i, j int) bool {
		a, b := out.ByModel[i], out.ByModel[j]
		if costs[a.Model] != costs[b.Model] {
			return costs[a.Model] > costs[b.Model]
		}
		return a.Model < b.Model
	})
	return out, nil
}

// bucket returns the figures of bucket b, nil when b is out of range (cannot happen for rows
// inside [from, to); guards against a clock-edge row).
func (o *Overview) bucket(b int64) *OverviewFigures {
	if b < 0 || b >= int64(len(o.Buckets)) {
		return nil
	}
	return &o.Buckets[b].OverviewFigures
}

// derive fills the rates and the net satisfaction score (as the satisfaction endpoint does:
// thumbs-up % − thumbs-down % of all feedback events).
func (x *OverviewFigures) derive() {
	if x.Calls > 0 {
		er, zr := percent(x.Errors, x.Calls), percent(x.ZeroResults, x.Calls)
		x.ErrorRate, x.ZeroResultRate = &er, &zr
	}
	if x.FeedbackTotal > 0 {
		nss := percent(x.thumbsUp, x.FeedbackTotal) - percent(x.thumbsDown, x.FeedbackTotal)
		x.NetSatisfactionScore = &nss
	}
}
