package clickhouseanalyticsexporter

import (
	"fmt"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/column"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/google/uuid"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// eventColumn is one column of genai_events with the function that appends all of a batch's
// values at once. Appending whole typed slices per column (batch.Column(i).Append) instead of
// one row of 38 `any` values at a time spares the driver a type switch and an interface
// conversion per value; measured in BenchmarkPushTraces (BENCHMARKS.md).
type eventColumn struct {
	name     string
	appendTo func(dst columnTarget, events []genai.Event, s *columnScratch) error
}

// columnTarget is one column of a batch: the handle to append through, and the driver's column
// behind it, whose buffers are sized first (column_reserve.go).
type columnTarget struct {
	batch  driver.BatchColumn
	driver column.Interface
}

// eventColumnList is the INSERT column list and its values, in the same order.
var eventColumnList = []eventColumn{
	{"event_id", values(func(ev *genai.Event) uuid.UUID { return ev.EventID })},
	{"timestamp", values(func(ev *genai.Event) time.Time { return ev.Timestamp })},
	{"tenant_id", dictionary(func(ev *genai.Event) *string { return &ev.TenantID })},
	{"user_id", text(func(ev *genai.Event) string { return ev.UserID })},
	{"session_id", text(func(ev *genai.Event) string { return ev.SessionID })},
	{"trace_id", text(func(ev *genai.Event) string { return ev.TraceID })},
	{"span_id", text(func(ev *genai.Event) string { return ev.SpanID })},
	{"service_name", dictionary(func(ev *genai.Event) *string { return &ev.ServiceName })},
	{"operation", dictionary(func(ev *genai.Event) *string { return &ev.Operation })},
	{"provider", dictionary(func(ev *genai.Event) *string { return &ev.Provider })},
	{"request_model", dictionary(func(ev *genai.Event) *string { return &ev.RequestModel })},
	{"response_model", dictionary(func(ev *genai.Event) *string { return &ev.ResponseModel })},
	{"temperature", appendTemperatures},
	{"input_tokens", values(func(ev *genai.Event) uint32 { return ev.InputTokens })},
	{"output_tokens", values(func(ev *genai.Event) uint32 { return ev.OutputTokens })},
	{"cache_read_tokens", values(func(ev *genai.Event) uint32 { return ev.CacheReadTokens })},
	{"cache_write_tokens", values(func(ev *genai.Event) uint32 { return ev.CacheWriteTokens })},
	{"reasoning_tokens", values(func(ev *genai.Event) uint32 { return ev.ReasoningTokens })},
	{"cost_usd", values(func(ev *genai.Event) *float64 { return ev.CostUSD })},
	{"cost_source", dictionary(func(ev *genai.Event) *string { return &ev.CostSource })},
	{"latency_ms", values(func(ev *genai.Event) float64 { return ev.LatencyMs })},
	{"query", text(func(ev *genai.Event) string { return ev.Query })},
	{"query_fingerprint", values(func(ev *genai.Event) uint64 { return ev.QueryFingerprint })},
	{"response", text(func(ev *genai.Event) string { return ev.Response })},
	{"response_id", text(func(ev *genai.Event) string { return ev.ResponseID })},
	{"response_length", values(func(ev *genai.Event) uint32 { return ev.ResponseLength })},
	{"finish_reason", dictionary(func(ev *genai.Event) *string { return &ev.FinishReason })},
	{"error", values(func(ev *genai.Event) bool { return ev.Error })},
	{"error_type", dictionary(func(ev *genai.Event) *string { return &ev.ErrorType })},
	{"zero_result", values(func(ev *genai.Event) bool { return ev.ZeroResult })},
	{"zero_result_reason", dictionary(func(ev *genai.Event) *string { return &ev.ZeroResultReason })},
	{"query_category", dictionary(func(ev *genai.Event) *string { return &ev.QueryCategory })},
	{"user_source", dictionary(func(ev *genai.Event) *string { return &ev.UserSource })},
	{"feature_version", dictionary(func(ev *genai.Event) *string { return &ev.FeatureVersion })},
	{"user_segment", dictionary(func(ev *genai.Event) *string { return &ev.UserSegment })},
	{"geography", dictionary(func(ev *genai.Event) *string { return &ev.Geography })},
	{"anomaly_flags", appendAnomalyFlags},
	{"attributes", appendAttributes},
}

// eventColumnNames is the column list of the genai_events INSERT.
func eventColumnNames() string {
	names := make([]string, len(eventColumnList))
	for i, c := range eventColumnList {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

// appendEventColumns appends every event to the batch, one whole column at a time.
func appendEventColumns(batch driver.Batch, events []genai.Event) error {
	driverColumns := batch.Columns()
	if len(driverColumns) != len(eventColumnList) {
		return fmt.Errorf("genai_events batch has %d columns, the insert lists %d", len(driverColumns), len(eventColumnList))
	}
	scratch := scratchFor(batch)
	for i, c := range eventColumnList {
		if err := c.appendTo(columnTarget{batch: batch.Column(i), driver: driverColumns[i]}, events, scratch); err != nil {
			return &columnError{column: c.name, err: err}
		}
	}
	return nil
}

// columnError names the column the driver could not encode.
type columnError struct {
	column string
	err    error
}

func (e *columnError) Error() string { return "column " + e.column + ": " + e.err.Error() }
func (e *columnError) Unwrap() error { return e.err }
