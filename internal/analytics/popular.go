package analytics

import (
	"context"
	"sort"

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

// Popular queries are answered in two passes over genai_events (FINAL): counts for every query
// group with the top groups kept (LIMIT WITH TIES keeps the groups tied with the last one, so
// the final order by count and text is exact), then text, distinct users and linked feedback
// of those groups only.
const popularCountsSQL = `
SELECT ` + queryGroup + ` AS grp, count() AS n, avg(latency_ms), countIf(error), countIf(zero_result)
FROM {{db}}.genai_events FINAL
WHERE ` + eventWhere + ` AND query != ''
GROUP BY grp
ORDER BY n DESC
LIMIT {limit:UInt32} WITH TIES`

// popularDetailsSQL: the representative text of a group is its earliest query; its
// satisfaction averages every scored feedback event linked to one of its calls, by response id,
// or by trace and span when the feedback names no response. Each call carries both link keys
// and each feedback event the one it uses, so one join serves both (the details and the
// satisfaction were two passes over the month's events before: 1.6–1.8 s against 1.25 s).
const popularDetailsSQL = `
SELECT grp, argMin(query, timestamp), uniqExact(user_id), avgOrNullIf(f.score, f.key != '')
FROM (
	SELECT grp, query, timestamp, user_id, link FROM (
		SELECT ` + queryGroup + ` AS grp, query, timestamp, user_id, response_id, trace_id, span_id
		FROM {{db}}.genai_events FINAL
		WHERE ` + eventWhere + ` AND query != '' AND grp IN {groups:Array(UInt64)}
	)
	ARRAY JOIN arrayFilter(k -> k != '', [if(response_id != '', concat('r:', response_id), ''),
		concat('t:', trace_id, ':', span_id)]) AS link
) AS e
LEFT JOIN (
	SELECT if(response_id != '', concat('r:', response_id), concat('t:', trace_id, ':', span_id)) AS key, score
	FROM (` + scoredFeedback + `)
) AS f ON e.link = f.key
GROUP BY grp`

// PopularQueries returns the limit most frequent queries, most frequent first (ties by text).
func (s *Store) PopularQueries(ctx context.Context, f Filter, limit int) ([]PopularQuery, error) {
	byGroup := map[uint64]*PopularQuery{}
	var groups []uint64
	err := s.query(ctx, "popular queries", f, clickhouse.Parameters{"limit": itoa(limit)}, popularCountsSQL,
		func(r driver.Rows) error {
			var grp uint64
			q := &PopularQuery{}
			if err := r.Scan(&grp, &q.Count, &q.AverageLatencyMs, &q.ResultedInError, &q.ZeroResults); err != nil {
				return err
			}
			byGroup[grp] = q
			groups = append(groups, grp)
			return nil
		})
	if err != nil || len(groups) == 0 {
		return []PopularQuery{}, err
	}
	params := clickhouse.Parameters{"groups": uint64List(groups)}
	err = s.query(ctx, "popular queries: details", f, params, popularDetailsSQL, func(r driver.Rows) error {
		var grp uint64
		var text string
		var users uint64
		var score *float64
		if err := r.Scan(&grp, &text, &users, &score); err != nil {
			return err
		}
		if q := byGroup[grp]; q != nil {
			q.Query, q.UniqueUsers, q.AvgSatisfactionScore = text, users, score
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]PopularQuery, 0, len(groups))
	for _, g := range groups {
		out = append(out, *byGroup[g])
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Query < out[j].Query
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
