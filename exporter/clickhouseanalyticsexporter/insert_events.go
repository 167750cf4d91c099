package clickhouseanalyticsexporter

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2"
	"go.opentelemetry.io/collector/consumer/consumererror"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

const eventColumns = `event_id, timestamp, tenant_id, user_id, session_id, trace_id, span_id,
	service_name, operation, provider, request_model, response_model, temperature,
	input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,
	cost_usd, cost_source, latency_ms, query, query_fingerprint, response, response_id,
	response_length, finish_reason, error, error_type, zero_result, zero_result_reason,
	query_category, user_source, feature_version, user_segment, geography, anomaly_flags,
	attributes`

// insertEvents writes one native-protocol batch. The deduplication token is derived from the
// batch's event ids, so a retry of the same batch is dropped by ClickHouse instead of doubled.
func (e *analyticsExporter) insertEvents(ctx context.Context, events []genai.Event) error {
	ctx = clickhouse.Context(ctx, clickhouse.WithSettings(clickhouse.Settings{
		"insert_deduplication_token": dedupToken(events),
	}))
	batch, err := e.conn.PrepareBatch(ctx, "INSERT INTO "+quoteIdent(e.cfg.Database)+".genai_events ("+eventColumns+")")
	if err != nil {
		return fmt.Errorf("preparing genai_events insert: %w", classifyInsertError(err))
	}
	defer func() { _ = batch.Abort() }()
	for i := range events {
		ev := &events[i]
		var temperature *float32
		if ev.Temperature != nil {
			t := float32(*ev.Temperature)
			temperature = &t
		}
		flags := ev.AnomalyFlags
		if flags == nil {
			flags = []string{}
		}
		if err := batch.Append(
			ev.EventID, ev.Timestamp, ev.TenantID, ev.UserID, ev.SessionID, ev.TraceID, ev.SpanID,
			ev.ServiceName, ev.Operation, ev.Provider, ev.RequestModel, ev.ResponseModel, temperature,
			ev.InputTokens, ev.OutputTokens, ev.CacheReadTokens, ev.CacheWriteTokens, ev.ReasoningTokens,
			ev.CostUSD, ev.CostSource, ev.LatencyMs, ev.Query, ev.QueryFingerprint, ev.Response, ev.ResponseID,
			ev.ResponseLength, ev.FinishReason, ev.Error, ev.ErrorType, ev.ZeroResult, ev.ZeroResultReason,
			ev.QueryCategory, ev.UserSource, ev.FeatureVersion, ev.UserSegment, ev.Geography, flags,
			ev.Attributes,
		); err != nil {
			// A row the driver cannot encode will never encode: do not retry it forever.
			return consumererror.NewPermanent(fmt.Errorf("encoding genai_events row %s: %w", ev.EventID, err))
		}
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("inserting %d rows into genai_events: %w", len(events), classifyInsertError(err))
	}
	return nil
}

func dedupToken(events []genai.Event) string {
	h := sha256.New()
	for i := range events {
		h.Write(events[i].EventID[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}
