package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/plog/plogotlp"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/collectortest"
)

const feedbackKey = "e2e-key-0123456789-acme"

// feedbackConfig: the default traces pipeline plus the logs pipeline fed by aifeedback, with
// an API key bound to tenant acme and a 1 MiB body limit.
func feedbackConfig(p ports, feedbackPort int, endpoint, database string) string {
	return fmt.Sprintf(`
extensions:
  health_check:
    endpoint: 127.0.0.1:%[3]d
receivers:
  otlp:
    protocols:
      http: {endpoint: 127.0.0.1:%[2]d}
  aifeedback:
    endpoint: 127.0.0.1:%[7]d
    max_request_body_size: 1048576
    custom_types: [copy]
    api_keys:
      %[8]s: acme
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
      receivers: [otlp, aifeedback]
      processors: [memory_limiter, genaianalytics]
      exporters: [clickhouseanalytics]
`, p.grpc, p.http, p.health, p.metrics, endpoint, database, feedbackPort, feedbackKey)
}

// twoQueries is one session of user u-1 (tenant acme): a first chat call of 2 s, then a second
// query 30 s after the first response, in another trace.
func twoQueries() ptrace.Traces {
	td := ptrace.NewTraces()
	rs := td.ResourceSpans().AppendEmpty()
	rs.Resource().Attributes().PutStr("service.name", "support-bot")
	rs.Resource().Attributes().PutStr("tenant.id", "acme")
	ss := rs.ScopeSpans().AppendEmpty()
	start := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	for i, c := range []struct {
		responseID string
		at         time.Time
		query      string
	}{
		{"resp-A", start, "How much is the Pro plan?"},
		{"resp-B", start.Add(32 * time.Second), "And for teams of 10?"},
	} {
		span := ss.Spans().AppendEmpty()
		span.SetName("chat gpt-4o-mini")
		span.SetTraceID(pcommon.TraceID{0xfe, byte(i + 1), 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
		span.SetSpanID(pcommon.SpanID{0xfe, byte(i + 1), 2, 3, 4, 5, 6, 7})
		span.SetStartTimestamp(pcommon.NewTimestampFromTime(c.at))
		span.SetEndTimestamp(pcommon.NewTimestampFromTime(c.at.Add(2 * time.Second)))
		a := span.Attributes()
		a.PutStr("gen_ai.operation.name", "chat")
		a.PutStr("gen_ai.provider.name", "openai")
		a.PutStr("gen_ai.request.model", "gpt-4o-mini")
		a.PutStr("gen_ai.response.id", c.responseID)
		a.PutInt("gen_ai.usage.input_tokens", 20)
		a.PutInt("gen_ai.usage.output_tokens", 40)
		a.PutStr("user.id", "u-1")
		a.PutStr("session.id", "s-1")
		a.PutStr("gen_ai.input.messages", `[{"role":"user","parts":[{"type":"text","content":"`+c.query+`"}]}]`)
	}
	return td
}

// evaluationEvent is a relevance score of response B by an evaluator, as OTel GenAI semconv
// defines the event.
func evaluationEvent() plog.Logs {
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	rl.Resource().Attributes().PutStr("service.name", "eval-worker")
	rl.Resource().Attributes().PutStr("tenant.id", "acme")
	lr := rl.ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
	lr.SetEventName("gen_ai.evaluation.result")
	lr.SetTimestamp(pcommon.NewTimestampFromTime(time.Date(2026, 11, 26, 9, 5, 0, 0, time.UTC)))
	lr.SetTraceID(pcommon.TraceID{0xfe, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	lr.SetSpanID(pcommon.SpanID{0xfe, 2, 2, 3, 4, 5, 6, 7})
	a := lr.Attributes()
	a.PutStr("gen_ai.evaluation.name", "relevance")
	a.PutDouble("gen_ai.evaluation.score.value", 0.4)
	a.PutStr("gen_ai.evaluation.score.label", "partially_relevant")
	a.PutStr("gen_ai.response.id", "resp-B")
	return ld
}

type httpReply struct {
	Status     int
	RetryAfter string
	Body       map[string]any
	Raw        string
}

func postJSON(t *testing.T, url, contentType string, body []byte, key string) httpReply {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	require.NoError(t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if key != "" {
		req.Header.Set("X-API-Key", key)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	r := httpReply{Status: resp.StatusCode, RetryAfter: resp.Header.Get("Retry-After"), Raw: string(raw)}
	_ = json.Unmarshal(raw, &r.Body)
	return r
}

func countRows(t *testing.T, db, query string, args ...any) uint64 {
	t.Helper()
	var n uint64
	require.NoError(t, chtest.Conn(t).QueryRow(context.Background(), strings.ReplaceAll(query, "DB.", "`"+db+"`."), args...).Scan(&n))
	return n
}

func TestFeedbackAndFunnelEndToEnd(t *testing.T) {
	conn := chtest.Conn(t)
	db := chtest.NewDatabase(t, conn)
	p := newPorts(t)
	fbPort := collectortest.FreePort(t)
	collectortest.Start(t, feedbackConfig(p, fbPort, chtest.Endpoint(t), db), p.health)
	base := fmt.Sprintf("http://127.0.0.1:%d", fbPort)

	// Bad input first: each refused with its status and message, and nothing of it stored.
	bad := []struct {
		name, path, contentType, key, body string
		status                             int
		message                            string
	}{
		{"missing user", "/v1/feedback", "application/json", feedbackKey,
			`{"response_id":"resp-A","type":"thumbs_up","comment":"bad-input"}`, 400, `"field":"user_id","message":"required"`},
		{"rating 7", "/v1/feedback", "application/json", feedbackKey,
			`{"user_id":"u-bad","response_id":"resp-A","type":"rating","rating":7}`, 400, `"field":"rating","message":"must be an integer 1-5, got 7"`},
		{"wrong content type", "/v1/feedback", "text/plain", feedbackKey,
			`{"user_id":"u-bad","response_id":"resp-A","type":"save"}`, 415, `content type \"text/plain\" is not supported`},
		{"2 MB body", "/v1/feedback", "application/json", feedbackKey,
			`{"user_id":"u-bad","response_id":"resp-A","type":"comment","comment":"` + strings.Repeat("x", 2<<20) + `"}`, 413, "larger than max_request_body_size (1048576 bytes)"},
		{"wrong tenant for the key", "/v1/feedback", "application/json", feedbackKey,
			`{"tenant_id":"globex","user_id":"u-bad","response_id":"resp-A","type":"share"}`, 403, `tenant_id \"globex\" is not the tenant of this API key`},
		{"malformed JSON", "/v1/feedback", "application/json", feedbackKey,
			`{"user_id":"u-bad","response_id":`, 400, "malformed JSON"},
		{"unknown key", "/v1/feedback", "application/json", "not-a-key-not-a-key",
			`{"user_id":"u-bad","response_id":"resp-A","type":"share"}`, 401, "missing or unknown API key"},
		{"funnel: unknown stage", "/v1/funnel", "application/json", feedbackKey,
			`{"user_id":"u-bad","stage":"paid"}`, 400, `"field":"stage"`},
	}
	for _, tt := range bad {
		r := postJSON(t, base+tt.path, tt.contentType, []byte(tt.body), tt.key)
		assert.Equal(t, tt.status, r.Status, "%s: %s", tt.name, r.Raw)
		assert.Contains(t, r.Raw, tt.message, tt.name)
	}

	// The two queries, over OTLP/HTTP JSON.
	body, err := ptraceotlp.NewExportRequestFromTraces(twoQueries()).MarshalJSON()
	require.NoError(t, err)
	resp, err := http.Post(fmt.Sprintf("http://127.0.0.1:%d/v1/traces", p.http), "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)

	// Feedback of every type, linked by response_id (and one by trace_id + span_id).
	feedback := `[
	  {"event_id":"fb-up","user_id":"u-1","session_id":"s-1","response_id":"resp-A","type":"thumbs_up"},
	  {"user_id":"u-1","session_id":"s-1","response_id":"resp-B","type":"thumbs_down","comment":"not for teams"},
	  {"user_id":"u-1","session_id":"s-1","response_id":"resp-A","type":"follow_up"},
	  {"user_id":"u-1","session_id":"s-1","response_id":"resp-A","type":"share","metadata":{"channel":"slack"}},
	  {"user_id":"u-1","session_id":"s-1","response_id":"resp-A","type":"save"},
	  {"user_id":"u-1","session_id":"s-1","response_id":"resp-B","type":"rating","rating":4,"timestamp":"2026-11-26T09:01:00Z"},
	  {"user_id":"u-1","session_id":"s-1","response_id":"resp-B","type":"comment","comment":"close","timestamp":1795683660000},
	  {"user_id":"u-1","session_id":"s-1","trace_id":"fe0202030405060708090a0b0c0d0e0f","span_id":"fe02020304050607","response_id":"resp-B","type":"copy"}
	]`
	r := postJSON(t, base+"/v1/feedback", "application/json", []byte(feedback), feedbackKey)
	require.Equal(t, http.StatusAccepted, r.Status, r.Raw)
	assert.EqualValues(t, 8, r.Body["accepted"])
	// A client retry of the first item: same event_id, stored once.
	r = postJSON(t, base+"/v1/feedback", "application/json",
		[]byte(`{"event_id":"fb-up","user_id":"u-1","session_id":"s-1","response_id":"resp-A","type":"thumbs_up"}`), feedbackKey)
	require.Equal(t, http.StatusAccepted, r.Status, r.Raw)

	funnel := `[
	  {"user_id":"u-1","session_id":"s-1","stage":"satisfied","timestamp":"2026-11-26T09:01:10Z"},
	  {"user_id":"u-1","session_id":"s-1","stage":"action_taken","details":{"action":"upgrade_clicked"},"timestamp":"2026-11-26T09:01:20Z"},
	  {"user_id":"u-1","session_id":"s-1","stage":"converted","details":{"plan":"team","amount":200},"timestamp":"2026-11-26T09:02:00Z"}
	]`
	r = postJSON(t, base+"/v1/funnel", "application/json", []byte(funnel), feedbackKey)
	require.Equal(t, http.StatusAccepted, r.Status, r.Raw)

	// An LLM-as-judge score arriving as an OTel gen_ai.evaluation.result event over OTLP logs.
	logsBody, err := plogotlp.NewExportRequestFromLogs(evaluationEvent()).MarshalJSON()
	require.NoError(t, err)
	resp, err = http.Post(fmt.Sprintf("http://127.0.0.1:%d/v1/logs", p.http), "application/json", bytes.NewReader(logsBody))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)

	// 8 explicit + 1 evaluation + 1 implicit follow-up; the 3 posted funnel stages (ai_query and
	// response_received are derived from genai_events when the funnel is queried).
	chtest.Eventually(t, 20*time.Second, "feedback and funnel rows", func() (bool, error) {
		return countRows(t, db, "SELECT count() FROM DB.genai_feedback FINAL") == 10 &&
			countRows(t, db, "SELECT count() FROM DB.genai_funnel_events FINAL") == 3 &&
			countRows(t, db, "SELECT count() FROM DB.genai_events FINAL") == 2, nil
	})

	// Every feedback row is linked to its genai_events row by response_id.
	rows, err := conn.Query(context.Background(), "SELECT f.type, f.source, f.response_id, e.trace_id, f.tenant_id, f.rating FROM `"+db+
		"`.genai_feedback AS f FINAL INNER JOIN `"+db+"`.genai_events AS e FINAL ON e.tenant_id = f.tenant_id AND e.response_id = f.response_id ORDER BY f.type, f.source")
	require.NoError(t, err)
	type linked struct {
		Type, Source, Response, Trace, Tenant string
		Rating                                *uint8
	}
	var got []linked
	for rows.Next() {
		var l linked
		require.NoError(t, rows.Scan(&l.Type, &l.Source, &l.Response, &l.Trace, &l.Tenant, &l.Rating))
		got = append(got, l)
	}
	require.NoError(t, rows.Err())
	traceA, traceB := "fe0102030405060708090a0b0c0d0e0f", "fe0202030405060708090a0b0c0d0e0f"
	four := uint8(4)
	assert.Equal(t, []linked{
		{"comment", "explicit", "resp-B", traceB, "acme", nil},
		{"copy", "explicit", "resp-B", traceB, "acme", nil},
		{"evaluation", "evaluation", "resp-B", traceB, "acme", nil},
		{"follow_up", "explicit", "resp-A", traceA, "acme", nil},
		{"follow_up", "implicit", "resp-A", traceA, "acme", nil}, // query B came 30 s after response A
		{"rating", "explicit", "resp-B", traceB, "acme", &four},
		{"save", "explicit", "resp-A", traceA, "acme", nil},
		{"share", "explicit", "resp-A", traceA, "acme", nil},
		{"thumbs_down", "explicit", "resp-B", traceB, "acme", nil},
		{"thumbs_up", "explicit", "resp-A", traceA, "acme", nil},
	}, got)

	var score float64
	var label string
	require.NoError(t, conn.QueryRow(context.Background(), "SELECT score, metadata['score.label'] FROM `"+db+
		"`.genai_feedback FINAL WHERE type = 'evaluation'").Scan(&score, &label))
	assert.InDelta(t, 0.4, score, 1e-12)
	assert.Equal(t, "partially_relevant", label)

	var gap string
	require.NoError(t, conn.QueryRow(context.Background(), "SELECT metadata['gap_ms'] FROM `"+db+
		"`.genai_feedback FINAL WHERE source = 'implicit'").Scan(&gap))
	assert.Equal(t, "30000", gap)

	var stages []string
	require.NoError(t, conn.QueryRow(context.Background(), "SELECT groupArray(stage) FROM (SELECT stage FROM `"+db+
		"`.genai_funnel_events FINAL WHERE tenant_id = 'acme' AND user_id = 'u-1' ORDER BY timestamp, stage)").Scan(&stages))
	assert.Equal(t, []string{"satisfied", "action_taken", "converted"}, stages)
	// The funnel joins the posted stages to the two derived from the queries' events.
	queried := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	queriedFunnel, err := analytics.NewStore(conn, db, nil).Funnel(context.Background(),
		analytics.Filter{Tenant: "acme", From: queried, To: queried.Add(time.Hour)}, analytics.DefaultFunnelStages(), time.Hour, 0)
	require.NoError(t, err)
	for _, st := range queriedFunnel.Stages {
		assert.EqualValues(t, 1, st.UniqueUsers, st.Stage)
	}

	// The receiver's standard metrics count the accepted items (8 + 1 + 3).
	metrics, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", p.metrics))
	require.NoError(t, err)
	defer metrics.Body.Close()
	text, err := io.ReadAll(metrics.Body)
	require.NoError(t, err)
	accepted := regexp.MustCompile(`otelcol_receiver_accepted_log_records(?:_total)?\{[^}]*receiver="aifeedback"[^}]*\} (\d+)`).FindStringSubmatch(string(text))
	require.NotNil(t, accepted, "no accepted-log-records metric for aifeedback")
	assert.Equal(t, "12", accepted[1])

	// Nothing of the refused requests was stored.
	assert.Zero(t, countRows(t, db, "SELECT count() FROM DB.genai_feedback WHERE user_id = 'u-bad' OR comment = 'bad-input' OR tenant_id = 'globex'"))
	assert.Zero(t, countRows(t, db, "SELECT count() FROM DB.genai_funnel_events WHERE user_id = 'u-bad'"))
}

// TestFeedbackReceiverStandardAuth: the collector's own `auth:` (bearertokenauth) guards the
// endpoints; a refused request stores nothing.
func TestFeedbackReceiverStandardAuth(t *testing.T) {
	conn := chtest.Conn(t)
	db := chtest.NewDatabase(t, conn)
	p := newPorts(t)
	fbPort := collectortest.FreePort(t)
	config := fmt.Sprintf(`
extensions:
  health_check: {endpoint: "127.0.0.1:%d"}
  bearertokenauth: {token: "s3cret-token"}
receivers:
  aifeedback:
    endpoint: 127.0.0.1:%d
    auth: {authenticator: bearertokenauth}
processors:
  genaianalytics: {}
exporters:
  clickhouseanalytics:
    endpoint: %s
    database: %s
    sending_queue: {batch: {flush_timeout: 200ms}}
service:
  extensions: [health_check, bearertokenauth]
  telemetry: {metrics: {level: none}}
  pipelines:
    logs: {receivers: [aifeedback], processors: [genaianalytics], exporters: [clickhouseanalytics]}
`, p.health, fbPort, chtest.Endpoint(t), db)
	collectortest.Start(t, config, p.health)
	url := fmt.Sprintf("http://127.0.0.1:%d/v1/feedback", fbPort)
	send := func(token, user string) int {
		req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(`{"user_id":"`+user+`","response_id":"r-1","type":"save"}`))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, http.StatusUnauthorized, send("", "u-no-token"))
	assert.Equal(t, http.StatusUnauthorized, send("wrong", "u-wrong-token"))
	require.Equal(t, http.StatusAccepted, send("s3cret-token", "u-ok"))
	chtest.Eventually(t, 15*time.Second, "the authorized feedback row", func() (bool, error) {
		return countRows(t, db, "SELECT count() FROM DB.genai_feedback FINAL") == 1, nil
	})
	assert.Equal(t, uint64(1), countRows(t, db, "SELECT count() FROM DB.genai_feedback WHERE user_id = 'u-ok'"))
}
