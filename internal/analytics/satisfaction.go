package analytics

import (
	"context"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// Satisfaction summarizes feedback events. Rates are percentages of all feedback events;
// net_satisfaction_score = thumbs-up % − thumbs-down %.
type Satisfaction struct {
	Group                string   `json:"group,omitempty"`
	AvgRating            *float64 `json:"avg_rating"`
	ThumbsUpRate         float64  `json:"thumbs_up_rate"`
	ThumbsDownRate       float64  `json:"thumbs_down_rate"`
	FollowUpRate         float64  `json:"follow_up_rate"`
	ShareRate            float64  `json:"share_rate"`
	SaveRate             float64  `json:"save_rate"`
	NetSatisfactionScore float64  `json:"net_satisfaction_score"`
	Total                uint64   `json:"total"`
}

// ResponseSentiment counts the feedback on one response: positive (thumbs up, share, save,
// rating 4–5), negative (thumbs down, rating 1–2), neutral (everything else).
type ResponseSentiment struct {
	Positive uint64 `json:"positive"`
	Negative uint64 `json:"negative"`
	Neutral  uint64 `json:"neutral"`
}

// satisfactionGroupColumn maps a group_by value to its event column ("" when unknown).
func satisfactionGroupColumn(groupBy string) string {
	switch groupBy {
	case "model":
		return "request_model"
	case "feature_version":
		return "feature_version"
	}
	return ""
}

const feedbackCounts = `count() AS total,
	countIf(type = 'rating' AND toFloat64(ifNull(rating, 0)) BETWEEN 1 AND 5) AS ratings,
	sumIf(toFloat64(ifNull(rating, 0)), type = 'rating' AND toFloat64(ifNull(rating, 0)) BETWEEN 1 AND 5) AS rating_sum,
	countIf(type = 'thumbs_up'), countIf(type = 'thumbs_down'), countIf(type = 'follow_up'),
	countIf(type = 'share'), countIf(type = 'save')`

// filteredEvents are the events matching the filter (no FINAL: only membership matters).
const filteredEvents = `SELECT response_id, trace_id, span_id, request_model, feature_version
	FROM {{db}}.genai_events WHERE ` + eventWhere

// satisfactionSQL: all feedback of the range, or, when event dimensions are filtered, only
// feedback on matching events (by response id, or trace+span).
const satisfactionSQL = `
SELECT '' AS grp, ` + feedbackCounts + `
FROM {{db}}.genai_feedback FINAL
WHERE ` + inRange + ` AND ({dims:UInt8} = 0
	OR (response_id != '' AND response_id IN (SELECT response_id FROM (` + filteredEvents + `) WHERE response_id != ''))
	OR (response_id = '' AND (trace_id, span_id) IN (SELECT trace_id, span_id FROM (` + filteredEvents + `))))`

// satisfactionGroupedSQL links each feedback event to its event (read with FINAL, pre-filtered
// to the ids the feedback names) to read the group column.
const satisfactionGroupedSQL = `
WITH fb AS (
	SELECT toString(type) AS type, rating, toString(response_id) AS response_id, toString(trace_id) AS trace_id,
		toString(span_id) AS span_id
	FROM {{db}}.genai_feedback FINAL WHERE ` + inRange + `
),
linked AS (
	SELECT e.grp AS grp, f.type AS type, f.rating AS rating FROM (
		SELECT toString(%GROUP%) AS grp, response_id FROM {{db}}.genai_events FINAL
		WHERE ` + eventWhere + ` AND response_id != '' AND response_id IN (SELECT response_id FROM fb WHERE response_id != '')
	) AS e INNER JOIN (SELECT response_id, type, rating FROM fb WHERE response_id != '') AS f ON e.response_id = f.response_id
	UNION ALL
	SELECT e.grp AS grp, f.type AS type, f.rating AS rating FROM (
		SELECT toString(%GROUP%) AS grp, trace_id, span_id FROM {{db}}.genai_events FINAL
		WHERE ` + eventWhere + ` AND (trace_id, span_id) IN (SELECT trace_id, span_id FROM fb WHERE response_id = '')
	) AS e INNER JOIN (SELECT trace_id, span_id, type, rating FROM fb WHERE response_id = '') AS f
		ON e.trace_id = f.trace_id AND e.span_id = f.span_id
)
SELECT grp, ` + feedbackCounts + ` FROM linked GROUP BY grp ORDER BY grp`

// Satisfaction returns the feedback summary, one row per group when groupBy is "model" or
// "feature_version", else a single row.
func (s *Store) Satisfaction(ctx context.Context, f Filter, groupBy string) ([]Satisfaction, error) {
	tmpl := satisfactionSQL
	if col := satisfactionGroupColumn(groupBy); col != "" {
		tmpl = replaceGroup(satisfactionGroupedSQL, col)
	}
	dims := "0"
	if f.HasEventDimensions() {
		dims = "1"
	}
	out := []Satisfaction{}
	err := s.query(ctx, "satisfaction", f, clickhouse.Parameters{"dims": dims}, tmpl, func(r driver.Rows) error {
		var (
			row                           Satisfaction
			total, ratings                uint64
			ratingSum                     float64
			up, down, follow, share, save uint64
		)
		if err := r.Scan(&row.Group, &total, &ratings, &ratingSum, &up, &down, &follow, &share, &save); err != nil {
			return err
		}
		row.Total = total
		if ratings > 0 {
			avg := ratingSum / float64(ratings)
			row.AvgRating = &avg
		}
		row.ThumbsUpRate = percent(up, total)
		row.ThumbsDownRate = percent(down, total)
		row.FollowUpRate = percent(follow, total)
		row.ShareRate = percent(share, total)
		row.SaveRate = percent(save, total)
		row.NetSatisfactionScore = row.ThumbsUpRate - row.ThumbsDownRate
		out = append(out, row)
		return nil
	})
	return out, err
}

const responseSentimentSQL = `
SELECT
	countIf(type IN ('thumbs_up', 'share', 'save') OR (type = 'rating' AND toFloat64(ifNull(rating, 0)) >= 4)),
	countIf(type = 'thumbs_down' OR (type = 'rating' AND toFloat64(ifNull(rating, 0)) BETWEEN 1 AND 2)),
	count()
FROM {{db}}.genai_feedback FINAL
WHERE ` + inRange + ` AND response_id = {response_id:String}`

// ResponseSentiment counts positive, negative and neutral feedback on one response.
func (s *Store) ResponseSentiment(ctx context.Context, f Filter, responseID string) (ResponseSentiment, error) {
	var out ResponseSentiment
	var total uint64
	err := s.query(ctx, "response sentiment", f, clickhouse.Parameters{"response_id": responseID}, responseSentimentSQL,
		func(r driver.Rows) error { return r.Scan(&out.Positive, &out.Negative, &total) })
	out.Neutral = total - out.Positive - out.Negative
	return out, err
}
