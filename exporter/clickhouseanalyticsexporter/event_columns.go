package clickhouseanalyticsexporter

import (
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/column"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/google/uuid"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// eventColumn is one column of genai_events with the function that builds all of a batch's
// values at once. Appending whole typed slices per column (batch.Column(i).Append) instead of
// one row of 38 `any` values at a time spares the driver a type switch and an interface
// conversion per value; measured in BenchmarkPushTraces (BENCHMARKS.md).
type eventColumn struct {
	name  string
	build func(events []genai.Event) any
}

// values builds one column's values with get applied to every event.
func values[T any](get func(ev *genai.Event) T) func([]genai.Event) any {
	return func(events []genai.Event) any {
		out := make([]T, len(events))
		for i := range events {
			out[i] = get(&events[i])
		}
		return out
	}
}

// eventColumnList is the INSERT column list and its values, in the same order.
var eventColumnList = []eventColumn{
	{"event_id", values(func(ev *genai.Event) uuid.UUID { return ev.EventID })},
	{"timestamp", values(func(ev *genai.Event) time.Time { return ev.Timestamp })},
	{"tenant_id", values(func(ev *genai.Event) string { return ev.TenantID })},
	{"user_id", values(func(ev *genai.Event) string { return ev.UserID })},
	{"session_id", values(func(ev *genai.Event) string { return ev.SessionID })},
	{"trace_id", values(func(ev *genai.Event) string { return ev.TraceID })},
	{"span_id", values(func(ev *genai.Event) string { return ev.SpanID })},
	{"service_name", values(func(ev *genai.Event) string { return ev.ServiceName })},
	{"operation", values(func(ev *genai.Event) string { return ev.Operation })},
	{"provider", values(func(ev *genai.Event) string { return ev.Provider })},
	{"request_model", values(func(ev *genai.Event) string { return ev.RequestModel })},
	{"response_model", values(func(ev *genai.Event) string { return ev.ResponseModel })},
	{"temperature", values(func(ev *genai.Event) *float32 {
		if ev.Temperature == nil {
			return nil
		}
		t := float32(*ev.Temperature)
		return &t
	})},
	{"input_tokens", values(func(ev *genai.Event) uint32 { return ev.InputTokens })},
	{"output_tokens", values(func(ev *genai.Event) uint32 { return ev.OutputTokens })},
	{"cache_read_tokens", values(func(ev *genai.Event) uint32 { return ev.CacheReadTokens })},
	{"cache_write_tokens", values(func(ev *genai.Event) uint32 { return ev.CacheWriteTokens })},
	{"reasoning_tokens", values(func(ev *genai.Event) uint32 { return ev.ReasoningTokens })},
	{"cost_usd", values(func(ev *genai.Event) *float64 { return ev.CostUSD })},
	{"cost_source", values(func(ev *genai.Event) string { return ev.CostSource })},
	{"latency_ms", values(func(ev *genai.Event) float64 { return ev.LatencyMs })},
	{"query", values(func(ev *genai.Event) string { return ev.Query })},
	{"query_fingerprint", values(func(ev *genai.Event) uint64 { return ev.QueryFingerprint })},
	{"response", values(func(ev *genai.Event) string { return ev.Response })},
	{"response_id", values(func(ev *genai.Event) string { return ev.ResponseID })},
	{"response_length", values(func(ev *genai.Event) uint32 { return ev.ResponseLength })},
	{"finish_reason", values(func(ev *genai.Event) string { return ev.FinishReason })},
	{"error", values(func(ev *genai.Event) bool { return ev.Error })},
	{"error_type", values(func(ev *genai.Event) string { return ev.ErrorType })},
	{"zero_result", values(func(ev *genai.Event) bool { return ev.ZeroResult })},
	{"zero_result_reason", values(func(ev *genai.Event) string { return ev.ZeroResultReason })},
	{"query_category", values(func(ev *genai.Event) string { return ev.QueryCategory })},
	{"user_source", values(func(ev *genai.Event) string { return ev.UserSource })},
	{"feature_version", values(func(ev *genai.Event) string { return ev.FeatureVersion })},
	{"user_segment", values(func(ev *genai.Event) string { return ev.UserSegment })},
	{"geography", values(func(ev *genai.Event) string { return ev.Geography })},
	{"anomaly_flags", values(func(ev *genai.Event) []string {
		if ev.AnomalyFlags == nil {
			return []string{}
		}
		return ev.AnomalyFlags
	})},
	{"attributes", attributeColumn},
}

// attributeColumn hands the driver each row's attributes as an attributeMap: the driver reads
// a plain map[string]string through reflection, allocating copies of every key and value;
// measured as the costliest column of the insert in a CPU profile of the collector.
func attributeColumn(events []genai.Event) any {
	n := 0
	for i := range events {
		n += len(events[i].Attributes)
	}
	// One backing array for the whole batch instead of two slices per row.
	keys, vals := make([]string, 0, n), make([]string, 0, n)
	out := make([]*attributeMap, len(events))
	for i := range events {
		from := len(keys)
		for k, v := range events[i].Attributes {
			keys, vals = append(keys, k), append(vals, v)
		}
		out[i] = &attributeMap{keys: keys[from:len(keys):len(keys)], vals: vals[from:len(vals):len(vals)]}
	}
	return out
}

// attributeMap is one row of the attributes column, read by the driver through
// column.IterableOrderedMap. Values are returned as *string, which needs no allocation;
// keys must stay string values because LowCardinality indexes its dictionary by them.
type attributeMap struct {
	keys, vals []string
	pos        int
}

func (a *attributeMap) Put(k, v any) {
	ks, _ := k.(string)
	vs, _ := v.(string)
	a.keys, a.vals = append(a.keys, ks), append(a.vals, vs)
}

func (a *attributeMap) Iterator() column.MapIterator {
	a.pos = -1
	return a
}

func (a *attributeMap) Next() bool {
	a.pos++
	return a.pos < len(a.keys)
}

func (a *attributeMap) Key() any   { return a.keys[a.pos] }
func (a *attributeMap) Value() any { return &a.vals[a.pos] }

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
	for i, c := range eventColumnList {
		if err := batch.Column(i).Append(c.build(events)); err != nil {
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
