package analytics

import (
	"context"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// ZeroResults summarizes the calls that found nothing to answer.
type ZeroResults struct {
	ZeroResultRate  float64         `json:"zero_result_rate"`
	Total           uint64          `json:"total"`
	ZeroResults     uint64          `json:"zero_results"`
	AffectedQueries []AffectedQuery `json:"affected_queries"`
}

// AffectedQuery is a query that produced zero results, with how often it did.
type AffectedQuery struct {
	Query string `json:"query"`
	Count uint64 `json:"count"`
}

const zeroResultTotalsSQL = `
SELECT count(), countIf(zero_result)
FROM {{db}}.genai_events FINAL
WHERE ` + eventWhere

// zeroResultQueriesSQL lists the ten queries (grouped like popular-queries) with the most
// zero-result calls; ties by text.
const zeroResultQueriesSQL = `
SELECT argMin(query, timestamp) AS q, count() AS n
FROM {{db}}.genai_events FINAL
WHERE ` + eventWhere + ` AND zero_result AND query != ''
GROUP BY ` + queryGroup + `
ORDER BY n DESC, q ASC
LIMIT 10`

// ZeroResults returns the zero-result rate (percent) and the top 10 affected queries.
func (s *Store) ZeroResults(ctx context.Context, f Filter) (ZeroResults, error) {
	out := ZeroResults{AffectedQueries: []AffectedQuery{}}
	err := s.query(ctx, "zero-result totals", f, nil, zeroResultTotalsSQL, func(r driver.Rows) error {
		return r.Scan(&out.Total, &out.ZeroResults)
	})
	if err != nil {
		return out, err
	}
	out.ZeroResultRate = percent(out.ZeroResults, out.Total)
	err = s.query(ctx, "zero-result queries", f, nil, zeroResultQueriesSQL, func(r driver.Rows) error {
		var q AffectedQuery
		if err := r.Scan(&q.Query, &q.Count); err != nil {
			return err
		}
		out.AffectedQueries = append(out.AffectedQueries, q)
		return nil
	})
	return out, err
}
