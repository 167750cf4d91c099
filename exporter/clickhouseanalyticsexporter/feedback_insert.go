package clickhouseanalyticsexporter

import (
	"context"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
)

var feedbackTable = keyedTable[feedback.Feedback]{
	name: "genai_feedback",
	columns: `event_id, timestamp, tenant_id, user_id, session_id, response_id, trace_id,
	span_id, type, rating, score, comment, source, metadata`,
	key: func(f *feedback.Feedback) (string, string) { return f.TenantID, f.EventID },
	values: func(f *feedback.Feedback) []any {
		return []any{f.EventID, f.Timestamp, f.TenantID, f.UserID, f.SessionID, f.ResponseID,
			f.TraceID, f.SpanID, f.Type, f.Rating, f.Score, f.Comment, f.Source, emptyIfNil(f.Metadata)}
	},
}

// insertFeedback writes one batch into genai_feedback.
func (e *analyticsExporter) insertFeedback(ctx context.Context, rows []feedback.Feedback) error {
	return insertKeyed(ctx, e, feedbackTable, rows)
}
