package analyticstest

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// KeyQueryEmbedding is the span attribute carrying a query embedding (a float array).
const KeyQueryEmbedding = "aianalytics.query.embedding"

// Insert writes the dataset into database, whose schema the exporter has created. Event row
// versions are written in separate inserts (originals, then replacements), as they arrive in
// production.
func (d *Dataset) Insert(ctx context.Context, conn driver.Conn, database string) error {
	db := "`" + database + "`"
	// Each insert is distinct data; turning block deduplication off keeps the test about FINAL.
	ctx = clickhouse.Context(ctx, clickhouse.WithSettings(clickhouse.Settings{"insert_deduplicate": 0}))
	var originals, replacements []Event
	seen := map[string]bool{}
	for _, e := range d.Events {
		if seen[e.EventID.String()] {
			replacements = append(replacements, e)
			continue
		}
		seen[e.EventID.String()] = true
		originals = append(originals, e)
	}
	for _, part := range [][]Event{originals, replacements} {
		if err := insertEvents(ctx, conn, db, part); err != nil {
			return err
		}
	}
	if err := insertFeedback(ctx, conn, db, d.Feedback); err != nil {
		return err
	}
	if err := insertFunnel(ctx, conn, db, d.Funnel); err != nil {
		return err
	}
	return insertAlerts(ctx, conn, db, d.Alerts)
}

func insertEvents(ctx context.Context, conn driver.Conn, db string, events []Event) error {
	batch, err := conn.PrepareBatch(ctx, "INSERT INTO "+db+`.genai_events (event_id, timestamp, tenant_id, user_id,
		session_id, trace_id, span_id, service_name, operation, provider, request_model, response_model,
		input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd,
		cost_source, latency_ms, query, query_fingerprint, response, response_id, error, zero_result,
		feature_version, user_segment, geography, attributes, inserted_at)`)
	if err != nil {
		return fmt.Errorf("preparing genai_events insert: %w", err)
	}
	defer func() { _ = batch.Abort() }()
	for _, e := range events {
		attrs := map[string]string{}
		if len(e.Embedding) > 0 {
			raw, _ := json.Marshal(e.Embedding)
			attrs[KeyQueryEmbedding] = string(raw)
		}
		source := "builtin"
		if e.CostUSD == nil {
			source = "unknown"
		}
		if err := batch.Append(e.EventID, e.Timestamp, e.Tenant, e.User, e.Session, e.TraceID, e.SpanID,
			e.Service, e.Operation, e.Provider, e.Model, e.Model, e.Input, e.Output, e.CacheRead, e.CacheWrite,
			e.Reasoning, e.CostUSD, source, e.LatencyMs, e.Query, e.Fingerprint, e.Response, e.ResponseID,
			e.Error, e.ZeroResult, e.FeatureVersion, e.UserSegment, e.Geography, attrs, e.InsertedAt); err != nil {
			return fmt.Errorf("appending event: %w", err)
		}
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("inserting events: %w", err)
	}
	return nil
}

func insertFeedback(ctx context.Context, conn driver.Conn, db string, rows []Feedback) error {
	batch, err := conn.PrepareBatch(ctx, "INSERT INTO "+db+`.genai_feedback (event_id, timestamp, tenant_id,
		user_id, session_id, response_id, trace_id, span_id, type, rating, comment, source)`)
	if err != nil {
		return fmt.Errorf("preparing genai_feedback insert: %w", err)
	}
	defer func() { _ = batch.Abort() }()
	for _, f := range rows {
		if err := batch.Append(f.EventID, f.Timestamp, f.Tenant, f.User, "", f.ResponseID, f.TraceID, f.SpanID,
			f.Type, f.Rating, "", "explicit"); err != nil {
			return fmt.Errorf("appending feedback: %w", err)
		}
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("inserting feedback: %w", err)
	}
	return nil
}

func insertFunnel(ctx context.Context, conn driver.Conn, db string, rows []FunnelEvent) error {
	batch, err := conn.PrepareBatch(ctx, "INSERT INTO "+db+`.genai_funnel_events (event_id, timestamp, tenant_id, user_id, session_id, stage)`)
	if err != nil {
		return fmt.Errorf("preparing genai_funnel_events insert: %w", err)
	}
	defer func() { _ = batch.Abort() }()
	for _, f := range rows {
		if err := batch.Append(f.EventID, f.Timestamp, f.Tenant, f.User, "", f.Stage); err != nil {
			return fmt.Errorf("appending funnel event: %w", err)
		}
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("inserting funnel events: %w", err)
	}
	return nil
}

func insertAlerts(ctx context.Context, conn driver.Conn, db string, rows []Anomaly) error {
	batch, err := conn.PrepareBatch(ctx, "INSERT INTO "+db+`.genai_anomalies (alert_id, timestamp, tenant_id,
		provider, model, type, severity, metric, expected_value, actual_value, description, window_start,
		window_end, resolved_at)`)
	if err != nil {
		return fmt.Errorf("preparing genai_anomalies insert: %w", err)
	}
	defer func() { _ = batch.Abort() }()
	for _, a := range rows {
		if err := batch.Append(a.AlertID, a.Timestamp, a.Tenant, a.Provider, a.Model, a.Type, a.Severity, a.Metric,
			a.Expected, a.Actual, a.Description, a.WindowStart, a.WindowEnd, a.ResolvedAt); err != nil {
			return fmt.Errorf("appending alert: %w", err)
		}
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("inserting alerts: %w", err)
	}
	return nil
}
