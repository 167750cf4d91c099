package clickhouseanalyticsexporter

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2"
	"go.opentelemetry.io/collector/consumer/consumererror"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/anomaly"
)

const anomalyColumns = `alert_id, timestamp, tenant_id, provider, model, type, severity, metric,
	expected_value, actual_value, description, window_start, window_end, resolved_at, version`

// insertAnomalies writes one batch; the deduplication token covers (id, version) pairs, so a
// retried batch is dropped while a later version of the same alert is not.
func (e *analyticsExporter) insertAnomalies(ctx context.Context, alerts []anomaly.Alert) error {
	ctx = clickhouse.Context(ctx, clickhouse.WithSettings(clickhouse.Settings{
		"insert_deduplication_token": anomalyDedupToken(alerts),
	}))
	batch, err := e.conn.PrepareBatch(ctx, "INSERT INTO "+quoteIdent(e.cfg.Database)+".genai_anomalies ("+anomalyColumns+")")
	if err != nil {
		return fmt.Errorf("preparing genai_anomalies insert: %w", classifyInsertError(err))
	}
	defer func() { _ = batch.Abort() }()
	for i := range alerts {
		a := &alerts[i]
		var resolved any
		if a.Resolved() {
			resolved = a.ResolvedAt
		}
		if err := batch.Append(a.ID, a.Timestamp, a.Tenant, a.Provider, a.Model, a.Type.String(),
			a.Severity.String(), a.Metric, a.Expected, a.Actual, a.Description, a.WindowStart,
			a.WindowEnd, resolved, a.Version); err != nil {
			return consumererror.NewPermanent(fmt.Errorf("encoding genai_anomalies row %s: %w", a.ID, err))
		}
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("inserting %d rows into genai_anomalies: %w", len(alerts), classifyInsertError(err))
	}
	return nil
}

func anomalyDedupToken(alerts []anomaly.Alert) string {
	h := sha256.New()
	h.Write([]byte("genai_anomalies"))
	var v [8]byte
	for i := range alerts {
		h.Write(alerts[i].ID[:])
		binary.BigEndian.PutUint64(v[:], alerts[i].Version)
		h.Write(v[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}
