package clickhouseanalyticsexporter

import (
	"context"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2"
	"go.opentelemetry.io/collector/consumer/consumererror"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
)

const funnelColumns = `event_id, timestamp, tenant_id, user_id, session_id, stage, details`

// insertFunnel writes one batch into genai_funnel_events (deduplicated like insertFeedback).
func (e *analyticsExporter) insertFunnel(ctx context.Context, rows []feedback.FunnelEvent) error {
	if len(rows) == 0 {
		return nil
	}
	ids := make([]string, len(rows))
	for i := range rows {
		ids[i] = rows[i].TenantID + "\x00" + rows[i].EventID // ids are unique per tenant only
	}
	ctx = clickhouse.Context(ctx, clickhouse.WithSettings(clickhouse.Settings{
		"insert_deduplication_token": stringsDedupToken("genai_funnel_events", ids),
	}))
	batch, err := e.conn.PrepareBatch(ctx, "INSERT INTO "+quoteIdent(e.cfg.Database)+".genai_funnel_events ("+funnelColumns+")")
	if err != nil {
		return fmt.Errorf("preparing genai_funnel_events insert: %w", classifyInsertError(err))
	}
	defer func() { _ = batch.Abort() }()
	for i := range rows {
		ev := &rows[i]
		details := ev.Details
		if details == nil {
			details = map[string]string{}
		}
		if err := batch.Append(ev.EventID, ev.Timestamp, ev.TenantID, ev.UserID, ev.SessionID, ev.Stage, details); err != nil {
			return consumererror.NewPermanent(fmt.Errorf("encoding genai_funnel_events row %s: %w", ev.EventID, err))
		}
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("inserting %d rows into genai_funnel_events: %w", len(rows), classifyInsertError(err))
	}
	return nil
}
