package clickhouseanalyticsexporter

import (
	"context"
	"time"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
)

var funnelTable = keyedTable[feedback.FunnelEvent]{
	name:    "genai_funnel_events",
	columns: `event_id, timestamp, tenant_id, user_id, session_id, stage, details`,
	key:     func(ev *feedback.FunnelEvent) (string, string) { return ev.TenantID, ev.EventID },
	values: func(rows []feedback.FunnelEvent) []any {
		var eventID, tenantID, userID, sessionID, stage []string
		var timestamp []time.Time
		var details []map[string]string
		for i := range rows {
			ev := &rows[i]
			eventID, tenantID, userID = append(eventID, ev.EventID), append(tenantID, ev.TenantID), append(userID, ev.UserID)
			sessionID, stage = append(sessionID, ev.SessionID), append(stage, ev.Stage)
			timestamp, details = append(timestamp, ev.Timestamp), append(details, emptyIfNil(ev.Details))
		}
		return []any{eventID, timestamp, tenantID, userID, sessionID, stage, details}
	},
}

// insertFunnel writes one batch into genai_funnel_events.
func (e *analyticsExporter) insertFunnel(ctx context.Context, rows []feedback.FunnelEvent) error {
	return insertKeyed(ctx, e, funnelTable, rows)
}
