package clickhouseanalyticsexporter

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2"
	"go.opentelemetry.io/collector/consumer/consumererror"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
)

const feedbackColumns = `event_id, timestamp, tenant_id, user_id, session_id, response_id, trace_id,
	span_id, type, rating, score, comment, source, metadata`

// insertFeedback writes one batch into genai_feedback; like insertEvents, a retried batch
// carries the same deduplication token and is dropped by ClickHouse.
func (e *analyticsExporter) insertFeedback(ctx context.Context, rows []feedback.Feedback) error {
	if len(rows) == 0 {
		return nil
	}
	ids := make([]string, len(rows))
	for i := range rows {
		ids[i] = rows[i].TenantID + "\x00" + rows[i].EventID // ids are unique per tenant only
	}
	ctx = clickhouse.Context(ctx, clickhouse.WithSettings(clickhouse.Settings{
		"insert_deduplication_token": stringsDedupToken("genai_feedback", ids),
	}))
	batch, err := e.conn.PrepareBatch(ctx, "INSERT INTO "+quoteIdent(e.cfg.Database)+".genai_feedback ("+feedbackColumns+")")
	if err != nil {
		return fmt.Errorf("preparing genai_feedback insert: %w", classifyInsertError(err))
	}
	defer func() { _ = batch.Abort() }()
	for i := range rows {
		f := &rows[i]
		metadata := f.Metadata
		if metadata == nil {
			metadata = map[string]string{}
		}
		if err := batch.Append(f.EventID, f.Timestamp, f.TenantID, f.UserID, f.SessionID, f.ResponseID,
			f.TraceID, f.SpanID, f.Type, f.Rating, f.Score, f.Comment, f.Source, metadata); err != nil {
			return consumererror.NewPermanent(fmt.Errorf("encoding genai_feedback row %s: %w", f.EventID, err))
		}
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("inserting %d rows into genai_feedback: %w", len(rows), classifyInsertError(err))
	}
	return nil
}

// stringsDedupToken derives a batch's insert_deduplication_token from its row keys.
func stringsDedupToken(table string, ids []string) string {
	h := sha256.New()
	h.Write([]byte(table))
	for _, id := range ids {
		h.Write([]byte{0})
		h.Write([]byte(id))
	}
	return hex.EncodeToString(h.Sum(nil))
}
