package clickhouseanalyticsexporter

import (
	"context"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
)

var funnelTable = keyedTable[feedback.FunnelEvent]{
	name:    "genai_funnel_events",
	columns: `event_id, timestamp, tenant_id, user_id, session_id, stage, details`,
	key:     func(ev *feedback.FunnelEvent) (string, string) { return ev.TenantID, ev.EventID },
	values: func(ev *feedback.FunnelEvent) []any {
		return []any{ev.EventID, ev.Timestamp, ev.TenantID, ev.UserID, ev.SessionID, ev.Stage, emptyIfNil(ev.Details)}
	},
}

// insertFunnel writes one batch into genai_funnel_events.
func (e *analyticsExporter) insertFunnel(ctx context.Context, rows []feedback.FunnelEvent) error {
	return insertKeyed(ctx, e, funnelTable, rows)
}
