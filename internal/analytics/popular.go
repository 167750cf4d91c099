package analytics

import (
	"context"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// PopularQuery is one query (grouped by fingerprint) with how it fared.
type PopularQuery struct {
	Query                string   `json:"query"`
	Count                uint64   `json:"count"`
	UniqueUsers          uint64   `json:"unique_users"`
	AverageLatencyMs     float64  `json:"average_latency_ms"`
	AvgSatisfactionScore *float64 `json:"avg_satisfaction_score"`
	ResultedInError      uint64   `json:"resulted_in_error"`
	ZeroResults          uint64   `json:"zero_results"`
}

// queryGroup groups events by the processor's fingerprint, or by the normalized text when an
// event has none (older data, processor without fingerprinting).
const queryGroup = `if(query_fingerprint != 0, query_fingerprint, cityHash64(lower(trimBoth(query))))`

// popularQueriesSQL: the representative text of a group is its earliest query; feedback is
// linked by response id (or trace+span when it names no response) and averaged over all scored
// feedback of the group. Events are read once for the ranking; the linking pass reads only
// the events that feedback names (IN pre-filter), and joins with feedback on the right (small).
const popularQueriesSQL = `
WITH ranked AS (
	SELECT ` + queryGroup + ` AS grp, argMin(query, timestamp) AS q, count() AS n,
		uniqExact(user_id) AS users, avg(latency_ms) AS latency, countIf(error) AS errors,
		countIf(zero_result) AS zero
	FROM {{db}}.genai_events FINAL
	WHERE ` + eventWhere + ` AND query != ''
	GROUP BY grp
	ORDER BY n DESC, q ASC
	LIMIT {limit:UInt32}
),
fb AS (` + scoredFeedback + `),
sat AS (
	SELECT grp, avg(score) AS satisfaction FROM (
		SELECT l.grp AS grp, f.score AS score FROM (
			SELECT ` + queryGroup + ` AS grp, response_id FROM {{db}}.genai_events FINAL
			WHERE ` + eventWhere + ` AND query != '' AND response_id != ''
				AND response_id IN (SELECT response_id FROM fb WHERE response_id != '') AND grp IN (SELECT grp FROM ranked)
		) AS l INNER JOIN (SELECT response_id, score FROM fb WHERE response_id != '') AS f ON l.response_id = f.response_id
		UNION ALL
		SELECT l.grp AS grp, f.score AS score FROM (
			SELECT ` + queryGroup + ` AS grp, trace_id, span_id FROM {{db}}.genai_events FINAL
			WHERE ` + eventWhere + ` AND query != ''
				AND (trace_id, span_id) IN (SELECT trace_id, span_id FROM fb WHERE response_id = '') AND grp IN (SELECT grp FROM ranked)
		) AS l INNER JOIN (SELECT trace_id, span_id, score FROM fb WHERE response_id = '') AS f
			ON l.trace_id = f.trace_id AND l.span_id = f.span_id
	)
	GROUP BY grp
)
SELECT ranked.q, ranked.n, ranked.users, ranked.latency, sat.satisfaction, ranked.errors, ranked.zero
FROM ranked LEFT JOIN sat ON ranked.grp = sat.grp
ORDER BY ranked.n DESC, ranked.q ASC
SETTINGS join_use_nulls = 1`

// PopularQueries returns the limit most frequent queries, most frequent first (ties by text).
func (s *Store) PopularQueries(ctx context.Context, f Filter, limit int) ([]PopularQuery, error) {
	out := []PopularQuery{}
	err := s.query(ctx, "popular queries", f, clickhouse.Parameters{"limit": itoa(limit)}, popularQueriesSQL,
		func(r driver.Rows) error {
			var q PopularQuery
			if err := r.Scan(&q.Query, &q.Count, &q.UniqueUsers, &q.AverageLatencyMs, &q.AvgSatisfactionScore,
				&q.ResultedInError, &q.ZeroResults); err != nil {
				return err
			}
			out = append(out, q)
			return nil
		})
	return out, err
}
