package analytics

import (
	"context"
	"sort"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// CostSegmentColumns maps segment_by values to event columns.
var CostSegmentColumns = map[string]string{
	"user_segment":    "user_segment",
	"feature_version": "feature_version",
	"geography":       "geography",
	"user":            "user_id",
}

// CostSegment is the spend of one segment. Unpriced calls (NULL cost) count as queries with
// no cost.
type CostSegment struct {
	Segment        string       `json:"segment"`
	TotalCostUSD   float64      `json:"total_cost_usd"`
	UserCount      uint64       `json:"user_count"`
	CostPerUser    float64      `json:"cost_per_user"`
	CostPerQuery   float64      `json:"cost_per_query"`
	TopCostDrivers []CostDriver `json:"top_cost_drivers"`
}

// CostDriver is a model's share of a segment's spend (type = the request model).
type CostDriver struct {
	Type string  `json:"type"`
	Cost float64 `json:"cost"`
}

// topCostDrivers is how many models are listed per segment.
const topCostDrivers = 3

// costSegmentsSQL aggregates per (segment, model) first, so the per-model costs need no map
// aggregation, then per segment (users merged from exact per-model states).
const costSegmentsSQL = `
SELECT segment, sum(cost) AS total, uniqExactMerge(users) AS user_count, sum(calls) AS queries,
	groupArray(model) AS models, groupArray(cost) AS model_costs
FROM (
	SELECT toString(%GROUP%) AS segment, toString(request_model) AS model, sum(ifNull(cost_usd, 0)) AS cost,
		uniqExactState(user_id) AS users, count() AS calls
	FROM {{db}}.genai_events FINAL
	WHERE ` + eventWhere + `
	GROUP BY segment, model
)
GROUP BY segment
ORDER BY total DESC, segment ASC
LIMIT {limit:UInt32}`

// CostSegments returns the spend per segment (segmentBy a key of CostSegmentColumns), most
// expensive first.
func (s *Store) CostSegments(ctx context.Context, f Filter, segmentBy string, limit int) ([]CostSegment, error) {
	tmpl := replaceGroup(costSegmentsSQL, CostSegmentColumns[segmentBy])
	out := []CostSegment{}
	err := s.query(ctx, "cost segments", f, clickhouse.Parameters{"limit": itoa(limit)}, tmpl, func(r driver.Rows) error {
		var (
			seg    CostSegment
			calls  uint64
			models []string
			costs  []float64
		)
		if err := r.Scan(&seg.Segment, &seg.TotalCostUSD, &seg.UserCount, &calls, &models, &costs); err != nil {
			return err
		}
		if seg.UserCount > 0 {
			seg.CostPerUser = seg.TotalCostUSD / float64(seg.UserCount)
		}
		if calls > 0 {
			seg.CostPerQuery = seg.TotalCostUSD / float64(calls)
		}
		seg.TopCostDrivers = topDrivers(models, costs, topCostDrivers)
		out = append(out, seg)
		return nil
	})
	return out, err
}

// topDrivers returns the n costliest models (parallel slices from groupArray).
func topDrivers(models []string, costs []float64, n int) []CostDriver {
	out := make([]CostDriver, 0, len(models))
	for i, m := range models {
		if i < len(costs) && costs[i] > 0 {
			out = append(out, CostDriver{Type: m, Cost: costs[i]})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Cost != out[j].Cost {
			return out[i].Cost > out[j].Cost
		}
		return out[i].Type < out[j].Type
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}
