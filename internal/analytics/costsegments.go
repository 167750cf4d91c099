package analytics

import (
	"context"
	"sort"
	"strings"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// costSegmentColumn maps a segment_by value to its event column (user_segment when unknown).
func costSegmentColumn(segmentBy string) string {
	switch segmentBy {
	case "feature_version", "geography":
		return segmentBy
	case "user":
		return "user_id"
	}
	return "user_segment"
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

// costSegmentsSQL ranks the segments by spend; costDriversSQL splits the top segments' spend
// by model. Per user the user count is 1 (%USERS%), which spares 100k distinct-user states.
const costSegmentsSQL = `
SELECT toString(%GROUP%) AS segment, sum(ifNull(cost_usd, 0)) AS total, %USERS% AS users, count() AS calls
FROM {{db}}.genai_events FINAL
WHERE ` + eventWhere + `
GROUP BY segment
ORDER BY total DESC, segment ASC
LIMIT {limit:UInt32}`

const costDriversSQL = `
SELECT toString(%GROUP%) AS segment, toString(request_model) AS model, sum(ifNull(cost_usd, 0)) AS cost
FROM {{db}}.genai_events FINAL
WHERE ` + eventWhere + ` AND segment IN {segments:Array(String)}
GROUP BY segment, model`

// CostSegments returns the spend per segment (segmentBy: user_segment, feature_version, geography or user), most
// expensive first.
func (s *Store) CostSegments(ctx context.Context, f Filter, segmentBy string, limit int) ([]CostSegment, error) {
	column := costSegmentColumn(segmentBy)
	users := "uniqExact(user_id)"
	if segmentBy == "user" {
		users = "toUInt64(1)"
	}
	tmpl := strings.ReplaceAll(replaceGroup(costSegmentsSQL, column), "%USERS%", users)
	out := []CostSegment{}
	var names []string
	err := s.query(ctx, "cost segments", f, clickhouse.Parameters{"limit": itoa(limit)}, tmpl, func(r driver.Rows) error {
		var seg CostSegment
		var calls uint64
		if err := r.Scan(&seg.Segment, &seg.TotalCostUSD, &seg.UserCount, &calls); err != nil {
			return err
		}
		if seg.UserCount > 0 {
			seg.CostPerUser = seg.TotalCostUSD / float64(seg.UserCount)
		}
		if calls > 0 {
			seg.CostPerQuery = seg.TotalCostUSD / float64(calls)
		}
		out = append(out, seg)
		names = append(names, seg.Segment)
		return nil
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	models := map[string][]string{}
	costs := map[string][]float64{}
	err = s.query(ctx, "cost segments: drivers", f, clickhouse.Parameters{"segments": stringList(names)},
		replaceGroup(costDriversSQL, column), func(r driver.Rows) error {
			var seg, model string
			var cost float64
			if err := r.Scan(&seg, &model, &cost); err != nil {
				return err
			}
			models[seg] = append(models[seg], model)
			costs[seg] = append(costs[seg], cost)
			return nil
		})
	for i := range out {
		out[i].TopCostDrivers = topDrivers(models[out[i].Segment], costs[out[i].Segment], topCostDrivers)
	}
	return out, err
}

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
