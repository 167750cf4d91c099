package clickhouseanalyticsexporter

import (
	"context"
	"time"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
)

var feedbackTable = keyedTable[feedback.Feedback]{
	name: "genai_feedback",
	columns: `event_id, timestamp, tenant_id, user_id, session_id, response_id, trace_id,
	span_id, type, rating, score, comment, source, metadata`,
	key: func(f *feedback.Feedback) (string, string) { return f.TenantID, f.EventID },
	values: func(rows []feedback.Feedback) []any {
		c := newFeedbackColumns(len(rows))
		for i := range rows {
			c.add(&rows[i])
		}
		return []any{c.eventID, c.timestamp, c.tenantID, c.userID, c.sessionID, c.responseID,
			c.traceID, c.spanID, c.typ, c.rating, c.score, c.comment, c.source, c.metadata}
	},
}

// feedbackColumns holds a batch of feedback rows column by column.
type feedbackColumns struct {
	eventID, tenantID, userID, sessionID, responseID, traceID, spanID, typ, comment, source []string
	timestamp                                                                               []time.Time
	rating                                                                                  []*uint8
	score                                                                                   []*float64
	metadata                                                                                []map[string]string
}

func newFeedbackColumns(n int) *feedbackColumns {
	strs := func() []string { return make([]string, 0, n) }
	return &feedbackColumns{
		eventID: strs(), tenantID: strs(), userID: strs(), sessionID: strs(), responseID: strs(),
		traceID: strs(), spanID: strs(), typ: strs(), comment: strs(), source: strs(),
		timestamp: make([]time.Time, 0, n), rating: make([]*uint8, 0, n), score: make([]*float64, 0, n),
		metadata: make([]map[string]string, 0, n),
	}
}

func (c *feedbackColumns) add(f *feedback.Feedback) {
	c.eventID = append(c.eventID, f.EventID)
	c.timestamp = append(c.timestamp, f.Timestamp)
	c.tenantID = append(c.tenantID, f.TenantID)
	c.userID = append(c.userID, f.UserID)
	c.sessionID = append(c.sessionID, f.SessionID)
	c.responseID = append(c.responseID, f.ResponseID)
	c.traceID = append(c.traceID, f.TraceID)
	c.spanID = append(c.spanID, f.SpanID)
	c.typ = append(c.typ, f.Type)
	c.rating = append(c.rating, f.Rating)
	c.score = append(c.score, f.Score)
	c.comment = append(c.comment, f.Comment)
	c.source = append(c.source, f.Source)
	c.metadata = append(c.metadata, emptyIfNil(f.Metadata))
}

// insertFeedback writes one batch into genai_feedback.
func (e *analyticsExporter) insertFeedback(ctx context.Context, rows []feedback.Feedback) error {
	return insertKeyed(ctx, e, feedbackTable, rows)
}
