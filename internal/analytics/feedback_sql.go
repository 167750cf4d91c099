package analytics

// feedbackScore maps one feedback row to a satisfaction score in [0, 1]: thumbs_up 1,
// thumbs_down 0, a 1–5 rating r → (r−1)/4; NULL for every other type (follow-up, share, …).
const feedbackScore = `multiIf(type = 'thumbs_up', 1.0, type = 'thumbs_down', 0.0,
	type = 'rating' AND toFloat64(ifNull(rating, 0)) BETWEEN 1 AND 5, (toFloat64(ifNull(rating, 0)) - 1) / 4, NULL)`

// scoredFeedback selects the scored feedback of the tenant given since the range start
// (feedback follows the answer it rates), with the keys that link it to an event.
const scoredFeedback = `SELECT toString(response_id) AS response_id, toString(trace_id) AS trace_id,
		toString(span_id) AS span_id, ` + feedbackScore + ` AS score
	FROM {{db}}.genai_feedback FINAL
	WHERE tenant_id = {tenant:String} AND timestamp >= {from:DateTime64(6, 'UTC')} AND score IS NOT NULL`
