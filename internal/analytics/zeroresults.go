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

// zeroResultsSQL reads the events once: per query group the calls, the zero-result calls and
// the earliest zero-result text; then totals and the ten groups with the most zero results
// (ties by text). Calls without query text count in the totals only.
const zeroResultsSQL = `
SELECT total, zero, arrayMap(x -> x.1, top), arrayMap(x -> x.2, top)
FROM (
	SELECT sum(n) AS total, sum(z) AS zero,
		arraySlice(arraySort(x -> (-toInt64(x.2), x.1), groupArrayIf((q, z), z > 0 AND has_text)), 1, 10) AS top
	FROM (
		SELECT ` + queryGroup + ` AS grp, count() AS n, countIf(zero_result) AS z,
			argMinIf(query, timestamp, zero_result) AS q, max(query != '') AS has_text
		FROM {{db}}.genai_events FINAL
		WHERE ` + eventWhere + `
		GROUP BY grp, query = ''
	)
)`

// ZeroResults returns the zero-result rate (percent) and the top 10 affected queries.
func (s *Store) ZeroResults(ctx context.Context, f Filter) (ZeroResults, error) {
	out := ZeroResults{AffectedQueries: []AffectedQuery{}}
	var (
		queries []string
		counts  []uint64
	)
	err := s.query(ctx, "zero results", f, nil, zeroResultsSQL, func(r driver.Rows) error {
		return r.Scan(&out.Total, &out.ZeroResults, &queries, &counts)
	})
	out.ZeroResultRate = percent(out.ZeroResults, out.Total)
	for i := range queries {
		if i < len(counts) {
			out.AffectedQueries = append(out.AffectedQueries, AffectedQuery{Query: queries[i], Count: counts[i]})
		}
	}
	return out, err
}
