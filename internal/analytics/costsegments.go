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

const costSegmentsSQL = `
SELECT %GROUP% AS segment, sum(ifNull(cost_usd, 0)) AS total, uniqExact(user_id) AS users, count() AS calls,
	sumMap(map(toString(request_model), ifNull(cost_usd, 0))) AS by_model
FROM {{db}}.genai_events FINAL
WHERE ` + eventWhere + `
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
			seg   CostSegment
			calls uint64
			byMod map[string]float64
		)
		if err := r.Scan(&seg.Segment, &seg.TotalCostUSD, &seg.UserCount, &calls, &byMod); err != nil {
			return err
		}
		if seg.UserCount > 0 {
			seg.CostPerUser = seg.TotalCostUSD / float64(seg.UserCount)
		}
		if calls > 0 {
			seg.CostPerQuery = seg.TotalCostUSD / float64(calls)
		}
		seg.TopCostDrivers = topDrivers(byMod, topCostDrivers)
		out = append(out, seg)
		return nil
	})
	return out, err
}

func topDrivers(byModel map[string]float64, n int) []CostDriver {
	out := make([]CostDriver, 0, len(byModel))
	for m, c := range byModel {
		if c > 0 {
			out = append(out, CostDriver{Type: m, Cost: c})
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
