package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/plog/plogotlp"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/collectortest"
)

// dialectPipelineConfig has the default traces and logs pipelines: both through genaianalytics
// into clickhouseanalytics (the logs path carries content that arrives as log records).
func dialectPipelineConfig(p ports, endpoint, database string) string {
	return fmt.Sprintf(`
extensions:
  health_check:
    endpoint: 127.0.0.1:%[3]d
receivers:
  otlp:
    protocols:
      grpc: {endpoint: 127.0.0.1:%[1]d}
      http: {endpoint: 127.0.0.1:%[2]d}
processors:
  memory_limiter: {check_interval: 1s, limit_percentage: 80, spike_limit_percentage: 20}
  genaianalytics: {}
exporters:
  clickhouseanalytics:
    endpoint: %[5]s
    database: %[6]s
    sending_queue:
      batch: {flush_timeout: 200ms}
service:
  extensions: [health_check]
  telemetry:
    metrics:
      readers:
        - pull: {exporter: {prometheus: {host: 127.0.0.1, port: %[4]d}}}
  pipelines:
    traces:
      receivers: [otlp]
      processors: [memory_limiter, genaianalytics]
      exporters: [clickhouseanalytics]
    logs:
      receivers: [otlp]
      processors: [memory_limiter, genaianalytics]
      exporters: [clickhouseanalytics]
`, p.grpc, p.http, p.health, p.metrics, endpoint, database)
}

// dialectRow is the genai_events columns the dialects must agree on.
type dialectRow struct {
	Tenant, User, Session, Provider, Operation, Model, Query, Response, Finish, Category, CostSource string
	In, Out, CacheRead, ResponseLength                                                               uint32
	Cost                                                                                             *float64
	Fingerprint                                                                                      uint64
	ZeroResult                                                                                       bool
	ZeroReason                                                                                       string
}

func dialectRowFor(t *testing.T, db, traceID string) (dialectRow, bool) {
	conn := chtest.Conn(t)
	rows, err := conn.Query(context.Background(), `SELECT tenant_id, user_id, session_id, provider, operation,
		request_model, query, response, finish_reason, query_category, cost_source, input_tokens, output_tokens,
		cache_read_tokens, response_length, cost_usd, query_fingerprint, zero_result, zero_result_reason
		FROM `+"`"+db+"`"+`.genai_events FINAL WHERE trace_id = ?`, traceID)
	require.NoError(t, err)
	defer rows.Close()
	var r dialectRow
	found := 0
	for rows.Next() {
		found++
		require.NoError(t, rows.Scan(&r.Tenant, &r.User, &r.Session, &r.Provider, &r.Operation, &r.Model, &r.Query,
			&r.Response, &r.Finish, &r.Category, &r.CostSource, &r.In, &r.Out, &r.CacheRead, &r.ResponseLength, &r.Cost,
			&r.Fingerprint, &r.ZeroResult, &r.ZeroReason))
	}
	require.NoError(t, rows.Err())
	require.LessOrEqual(t, found, 1, "one row per call")
	return r, found == 1
}

func waitDialectRow(t *testing.T, db, traceID string, done func(dialectRow) bool) dialectRow {
	var got dialectRow
	chtest.Eventually(t, 20*time.Second, "genai_events row of trace "+traceID, func() (bool, error) {
		r, ok := dialectRowFor(t, db, traceID)
		got = r
		return ok && (done == nil || done(r)), nil
	})
	return got
}

func grpcConn(t *testing.T, port int) *grpc.ClientConn {
	cc, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", port), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	t.Cleanup(func() { cc.Close() })
	return cc
}

// TestDialectsLandInGenAIEvents sends the same call in every dialect (the processor's golden
// inputs) over OTLP/gRPC and checks the columns of each row.
func TestDialectsLandInGenAIEvents(t *testing.T) {
	conn := chtest.Conn(t)
	db := chtest.NewDatabase(t, conn)
	p := newPorts(t)
	collectortest.Start(t, dialectPipelineConfig(p, chtest.Endpoint(t), db), p.health)
	traces := ptraceotlp.NewGRPCClient(grpcConn(t, p.grpc))

	dialects := []string{"semconv", "semconv_details_event", "semconv_deprecated", "semconv_deprecated_events",
		"openllmetry", "openinference", "vercel_ai"}
	traceIDs := map[string]string{}
	for _, d := range dialects {
		td, err := golden.ReadTraces(filepath.Join("..", "..", "processor", "genaianalyticsprocessor", "testdata", d, "input.yaml"))
		require.NoError(t, err)
		traceIDs[d] = td.ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(0).TraceID().String()
		_, err = traces.Export(context.Background(), ptraceotlp.NewExportRequestFromTraces(td))
		require.NoError(t, err, d)
	}
	cost := 0.000255 // 1000 × 0.15 + 200 × 0.075 + 150 × 0.60 per million (gpt-4o-mini)
	for _, d := range dialects {
		t.Run(d, func(t *testing.T) {
			got := waitDialectRow(t, db, traceIDs[d], nil)
			require.NotNil(t, got.Cost)
			assert.InDelta(t, cost, *got.Cost, 1e-12)
			got.Cost = nil
			want := dialectRow{
				Tenant: "acme", User: "u-7", Session: "s-42", Provider: "openai", Operation: "chat", Model: "gpt-4o-mini",
				Query: "How much does the Pro plan cost?", Response: "The Pro plan costs $20 per user per month.",
				Finish: "stop", Category: "pricing", CostSource: "builtin", In: 1200, Out: 150, CacheRead: 200,
				ResponseLength: 42, Fingerprint: got.Fingerprint,
			}
			if d == "openinference" {
				want.Model = "gpt-4o-mini-2024-07-18" // llm.model_name is the snapshot name
			}
			assert.NotZero(t, got.Fingerprint)
			assert.Equal(t, want, got)
		})
	}
	// A model without a known price: NULL cost and cost_source unknown, never 0.
	unknown := contentOnlySpan(pcommon.TraceID{0xd1, 1}, pcommon.SpanID{0xd1, 1})
	unknown.ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(0).Attributes().PutStr("gen_ai.request.model", "acme-private-llm")
	_, err := traces.Export(context.Background(), ptraceotlp.NewExportRequestFromTraces(unknown))
	require.NoError(t, err)
	row := waitDialectRow(t, db, pcommon.TraceID{0xd1, 1}.String(), nil)
	assert.Nil(t, row.Cost)
	assert.Equal(t, "unknown", row.CostSource)

	// All dialects group under one query fingerprint.
	var fingerprints uint64
	require.NoError(t, conn.QueryRow(context.Background(),
		"SELECT uniqExact(query_fingerprint) FROM `"+db+"`.genai_events FINAL WHERE query != ''").Scan(&fingerprints))
	assert.Equal(t, uint64(1), fingerprints)
}

// contentOnlySpan is a chat span whose content is sent separately as log records, as the
// official OpenAI instrumentations do.
func contentOnlySpan(traceID pcommon.TraceID, spanID pcommon.SpanID) ptrace.Traces {
	td := ptrace.NewTraces()
	rs := td.ResourceSpans().AppendEmpty()
	rs.Resource().Attributes().PutStr("service.name", "support-bot")
	rs.Resource().Attributes().PutStr("tenant.id", "acme")
	span := rs.ScopeSpans().AppendEmpty().Spans().AppendEmpty()
	span.SetName("chat gpt-4o")
	span.SetTraceID(traceID)
	span.SetSpanID(spanID)
	start := time.Now().Add(-time.Minute).Truncate(time.Millisecond)
	span.SetStartTimestamp(pcommon.NewTimestampFromTime(start))
	span.SetEndTimestamp(pcommon.NewTimestampFromTime(start.Add(900 * time.Millisecond)))
	a := span.Attributes()
	a.PutStr("gen_ai.operation.name", "chat")
	a.PutStr("gen_ai.provider.name", "openai")
	a.PutStr("gen_ai.request.model", "gpt-4o")
	a.PutInt("gen_ai.usage.input_tokens", 30)
	a.PutInt("gen_ai.usage.output_tokens", 12)
	a.PutStr("user.id", "u-9")
	return td
}

func contentRecords(traceID pcommon.TraceID, spanID pcommon.SpanID) plog.Logs {
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	rl.Resource().Attributes().PutStr("service.name", "support-bot")
	lrs := rl.ScopeLogs().AppendEmpty().LogRecords()
	user := lrs.AppendEmpty()
	user.SetEventName("gen_ai.user.message")
	user.SetTraceID(traceID)
	user.SetSpanID(spanID)
	user.Body().SetEmptyMap().PutStr("content", "Why is the export broken? My key is sk-abcdefghijklmnopqrstuvwxyz123")
	choice := lrs.AppendEmpty()
	choice.SetEventName("gen_ai.choice")
	choice.SetTraceID(traceID)
	choice.SetSpanID(spanID)
	body := choice.Body().SetEmptyMap()
	body.PutInt("index", 0)
	body.PutStr("finish_reason", "stop")
	msg := body.PutEmptyMap("message")
	msg.PutStr("role", "assistant")
	msg.PutStr("content", "I don’t know why the export fails.")
	return ld
}

// TestContentLogsJoinInBothOrders: content log records before and after their span both end
// with a complete genai_events row.
func TestContentLogsJoinInBothOrders(t *testing.T) {
	conn := chtest.Conn(t)
	db := chtest.NewDatabase(t, conn)
	p := newPorts(t)
	collectortest.Start(t, dialectPipelineConfig(p, chtest.Endpoint(t), db), p.health)
	cc := grpcConn(t, p.grpc)
	traces, logs := ptraceotlp.NewGRPCClient(cc), plogotlp.NewGRPCClient(cc)
	complete := func(r dialectRow) bool { return r.Query != "" }
	check := func(t *testing.T, got dialectRow) {
		assert.Equal(t, "Why is the export broken? My key is [API_KEY]", got.Query)
		assert.Equal(t, "I don’t know why the export fails.", got.Response)
		assert.True(t, got.ZeroResult)
		assert.Equal(t, "phrase", got.ZeroReason)
		assert.Equal(t, "troubleshooting", got.Category)
		assert.Equal(t, "acme", got.Tenant)
		assert.Equal(t, "u-9", got.User)
		require.NotNil(t, got.Cost)
		assert.InDelta(t, 0.000195, *got.Cost, 1e-12) // 30 × 2.50 + 12 × 10 per million
	}

	t.Run("content first", func(t *testing.T) {
		tid, sid := pcommon.TraceID{0xc1, 1}, pcommon.SpanID{0xc1, 1}
		_, err := logs.Export(context.Background(), plogotlp.NewExportRequestFromLogs(contentRecords(tid, sid)))
		require.NoError(t, err)
		time.Sleep(300 * time.Millisecond)
		_, err = traces.Export(context.Background(), ptraceotlp.NewExportRequestFromTraces(contentOnlySpan(tid, sid)))
		require.NoError(t, err)
		check(t, waitDialectRow(t, db, tid.String(), complete))
	})
	t.Run("span first", func(t *testing.T) {
		tid, sid := pcommon.TraceID{0xc2, 2}, pcommon.SpanID{0xc2, 2}
		_, err := traces.Export(context.Background(), ptraceotlp.NewExportRequestFromTraces(contentOnlySpan(tid, sid)))
		require.NoError(t, err)
		early := waitDialectRow(t, db, tid.String(), nil)
		assert.Empty(t, early.Query, "the span's own row is written before its content arrives")
		_, err = logs.Export(context.Background(), plogotlp.NewExportRequestFromLogs(contentRecords(tid, sid)))
		require.NoError(t, err)
		check(t, waitDialectRow(t, db, tid.String(), complete))
	})
}
