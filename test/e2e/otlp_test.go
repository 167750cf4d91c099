package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/collectortest"
)

// ports of one collector under test.
type ports struct{ grpc, http, health, metrics int }

func newPorts(t *testing.T) ports {
	return ports{collectortest.FreePort(t), collectortest.FreePort(t), collectortest.FreePort(t), collectortest.FreePort(t)}
}

// pipelineConfig is the default pipeline of config/otelcol-aianalytics.yaml with test ports,
// a test database and a file-backed queue in the collector's temp dir.
func pipelineConfig(p ports, endpoint, database string) string {
	return fmt.Sprintf(`
extensions:
  health_check:
    endpoint: 127.0.0.1:%[3]d
  file_storage/queue:
    directory: ./queue
    create_directory: true
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
      storage: file_storage/queue
      batch: {flush_timeout: 200ms}
service:
  extensions: [health_check, file_storage/queue]
  telemetry:
    metrics:
      readers:
        - pull: {exporter: {prometheus: {host: 127.0.0.1, port: %[4]d}}}
  pipelines:
    traces:
      receivers: [otlp]
      processors: [memory_limiter, genaianalytics]
      exporters: [clickhouseanalytics]
`, p.grpc, p.http, p.health, p.metrics, endpoint, database)
}

func startPipeline(t *testing.T) (ports, string) {
	conn := chtest.Conn(t)
	db := chtest.NewDatabase(t, conn)
	p := newPorts(t)
	collectortest.Start(t, pipelineConfig(p, chtest.Endpoint(t), db), p.health)
	return p, db
}

// chatSpanJSON is the README's example request with the ids and ages adjusted.
func chatSpanJSON(t *testing.T, traceID, spanID string) []byte {
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "otlp", "chat-span.json"))
	require.NoError(t, err)
	s := strings.ReplaceAll(string(raw), "5b8efff798038103d269b633813fc60c", traceID)
	s = strings.ReplaceAll(s, "eee19b7ec3c1b174", spanID)
	return []byte(s)
}

func grpcChatTraces() ptrace.Traces {
	td := ptrace.NewTraces()
	rs := td.ResourceSpans().AppendEmpty()
	rs.Resource().Attributes().PutStr("service.name", "mobile-assistant")
	rs.Resource().Attributes().PutStr("tenant.id", "globex")
	ss := rs.ScopeSpans().AppendEmpty()
	span := ss.Spans().AppendEmpty()
	span.SetName("chat claude-sonnet-4-5")
	span.SetTraceID(pcommon.TraceID{0xaa, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	span.SetSpanID(pcommon.SpanID{0xbb, 1, 2, 3, 4, 5, 6, 7})
	start := time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC)
	span.SetStartTimestamp(pcommon.NewTimestampFromTime(start))
	span.SetEndTimestamp(pcommon.NewTimestampFromTime(start.Add(2400 * time.Millisecond)))
	a := span.Attributes()
	a.PutStr("gen_ai.operation.name", "chat")
	a.PutStr("gen_ai.provider.name", "anthropic")
	a.PutStr("gen_ai.request.model", "claude-sonnet-4-5")
	a.PutStr("gen_ai.response.id", "msg_01XYZ")
	a.PutInt("gen_ai.usage.input_tokens", 1500)
	a.PutInt("gen_ai.usage.output_tokens", 220)
	a.PutStr("user.id", "u-42")
	a.PutStr("session.id", "s-9")
	a.PutStr("gen_ai.input.messages", `[{"role":"user","parts":[{"type":"text","content":"Why is my dashboard not working?"}]}]`)
	a.PutStr("gen_ai.output.messages", `[{"role":"assistant","parts":[{"type":"text","content":"I don't know why."}]}]`)
	// A non-GenAI child span in the same request must not produce a row.
	http := ss.Spans().AppendEmpty()
	http.SetName("GET /api/dashboard")
	http.SetTraceID(span.TraceID())
	http.SetSpanID(pcommon.SpanID{0xcc, 1, 2, 3, 4, 5, 6, 7})
	http.Attributes().PutStr("http.request.method", "GET")
	return td
}

type eventRow struct {
	Tenant, User, Session, Service, Operation, Provider, Model, ResponseID, Query, Response string
	In, Out                                                                                 uint32
	LatencyMs                                                                               float64
	TraceID, SpanID                                                                         string
}

func queryEvents(t *testing.T, db string) []eventRow {
	conn := chtest.Conn(t)
	rows, err := conn.Query(context.Background(), `SELECT tenant_id, user_id, session_id, service_name, operation, provider,
		request_model, response_id, query, response, input_tokens, output_tokens, latency_ms, trace_id, span_id
		FROM `+"`"+db+"`"+`.genai_events FINAL ORDER BY tenant_id`)
	require.NoError(t, err)
	defer rows.Close()
	var out []eventRow
	for rows.Next() {
		var r eventRow
		require.NoError(t, rows.Scan(&r.Tenant, &r.User, &r.Session, &r.Service, &r.Operation, &r.Provider, &r.Model,
			&r.ResponseID, &r.Query, &r.Response, &r.In, &r.Out, &r.LatencyMs, &r.TraceID, &r.SpanID))
		out = append(out, r)
	}
	require.NoError(t, rows.Err())
	return out
}

func waitForRows(t *testing.T, db string, n int) []eventRow {
	var got []eventRow
	chtest.Eventually(t, 15*time.Second, fmt.Sprintf("%d rows in genai_events", n), func() (bool, error) {
		got = queryEvents(t, db)
		return len(got) >= n, nil
	})
	return got
}

func TestOTLPOverGRPCAndHTTPLandsInGenAIEvents(t *testing.T) {
	p, db := startPipeline(t)

	// OTLP/HTTP JSON, exactly as the README's curl example sends it.
	resp, err := http.Post(fmt.Sprintf("http://127.0.0.1:%d/v1/traces", p.http), "application/json",
		bytes.NewReader(chatSpanJSON(t, "5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174")))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)

	// OTLP/gRPC.
	cc, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", p.grpc), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer cc.Close()
	_, err = ptraceotlp.NewGRPCClient(cc).Export(context.Background(), ptraceotlp.NewExportRequestFromTraces(grpcChatTraces()))
	require.NoError(t, err)

	got := waitForRows(t, db, 2)
	require.Len(t, got, 2, "exactly one row per GenAI span, none for the HTTP span")
	assert.Equal(t, eventRow{
		Tenant: "acme", User: "u-7", Service: "support-bot", Operation: "chat", Provider: "openai",
		Model: "gpt-4o-mini", Query: "How much does the Pro plan cost?",
		Response: "The Pro plan costs $20 per user per month.", In: 12, Out: 34, LatencyMs: 1250,
		TraceID: "5b8efff798038103d269b633813fc60c", SpanID: "eee19b7ec3c1b174",
	}, got[0])
	assert.Equal(t, eventRow{
		Tenant: "globex", User: "u-42", Session: "s-9", Service: "mobile-assistant", Operation: "chat",
		Provider: "anthropic", Model: "claude-sonnet-4-5", ResponseID: "msg_01XYZ",
		Query: "Why is my dashboard not working?", Response: "I don't know why.", In: 1500, Out: 220,
		LatencyMs: 2400, TraceID: "aa0102030405060708090a0b0c0d0e0f", SpanID: "bb01020304050607",
	}, got[1])
}

// TestReplayedSpanIsStoredOnce resends the same span, as a client retry would.
func TestReplayedSpanIsStoredOnce(t *testing.T) {
	p, db := startPipeline(t)
	body := chatSpanJSON(t, "0123456789abcdef0123456789abcdef", "0123456789abcdef")
	for i := 0; i < 3; i++ {
		resp, err := http.Post(fmt.Sprintf("http://127.0.0.1:%d/v1/traces", p.http), "application/json", bytes.NewReader(body))
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		time.Sleep(400 * time.Millisecond) // separate batches
	}
	waitForRows(t, db, 1)
	time.Sleep(time.Second)
	assert.Len(t, queryEvents(t, db), 1)
}
