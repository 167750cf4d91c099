package e2e

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/collectortest"
)

// The hostile-input corpus (testdata/hostile, outcomes in its README): every case goes through
// the built binary; the test asserts the stored outcome (clamped, truncated, rejected with a
// reason) and that the collector stays healthy and keeps storing ordinary data afterwards.

func hostileConfig(p ports, feedbackPort int, endpoint, database string) string {
	return fmt.Sprintf(`
extensions:
  health_check: {endpoint: 127.0.0.1:%[3]d}
receivers:
  otlp:
    protocols:
      grpc: {endpoint: 127.0.0.1:%[1]d}
      http: {endpoint: 127.0.0.1:%[2]d}
  aifeedback:
    endpoint: 127.0.0.1:%[7]d
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
      receivers: [aifeedback]
      processors: [memory_limiter, genaianalytics]
      exporters: [clickhouseanalytics]
`, p.grpc, p.http, p.health, p.metrics, endpoint, database, feedbackPort)
}

// hostileRow is what a hostile span left in genai_events (read with FINAL).
type hostileRow struct {
	TraceID, SpanID, Operation, Provider, Model, FinishReason, Query, Response string
	Timestamp                                                                  time.Time
	In, Out, CacheRead, Reasoning                                              uint32
	Temperature                                                                *float32
	LatencyMs                                                                  float64
	Error                                                                      bool
	Attributes                                                                 map[string]string
}

func hostileRows(t *testing.T, db, where string, args ...any) []hostileRow {
	t.Helper()
	rows, err := chtest.Conn(t).Query(context.Background(), `SELECT trace_id, span_id, operation, provider,
		request_model, finish_reason, query, response, timestamp, input_tokens, output_tokens,
		cache_read_tokens, reasoning_tokens, temperature, latency_ms, error, attributes
		FROM `+"`"+db+"`"+`.genai_events FINAL WHERE `+where+` ORDER BY query`, args...)
	require.NoError(t, err)
	defer rows.Close()
	var out []hostileRow
	for rows.Next() {
		var r hostileRow
		require.NoError(t, rows.Scan(&r.TraceID, &r.SpanID, &r.Operation, &r.Provider, &r.Model, &r.FinishReason,
			&r.Query, &r.Response, &r.Timestamp, &r.In, &r.Out, &r.CacheRead, &r.Reasoning, &r.Temperature,
			&r.LatencyMs, &r.Error, &r.Attributes))
		out = append(out, r)
	}
	require.NoError(t, rows.Err())
	return out
}

var hostileT0 = time.Date(2025, 11, 26, 10, 0, 0, 0, time.UTC)

// generatedSpan is one GenAI span built in the test (for content that JSON cannot carry or
// that is too big to commit).
func generatedSpan(traceByte byte, input, user string) ptrace.Traces {
	td := ptrace.NewTraces()
	rs := td.ResourceSpans().AppendEmpty()
	rs.Resource().Attributes().PutStr("service.name", "hostile")
	rs.Resource().Attributes().PutStr("tenant.id", "hostile")
	span := rs.ScopeSpans().AppendEmpty().Spans().AppendEmpty()
	span.SetName("chat gpt-4o")
	span.SetTraceID(pcommon.TraceID{0xee, traceByte, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	span.SetSpanID(pcommon.SpanID{0xee, traceByte, 2, 3, 4, 5, 6, 7})
	span.SetStartTimestamp(pcommon.NewTimestampFromTime(hostileT0))
	span.SetEndTimestamp(pcommon.NewTimestampFromTime(hostileT0.Add(time.Second)))
	a := span.Attributes()
	a.PutStr("gen_ai.operation.name", "chat")
	a.PutStr("gen_ai.provider.name", "openai")
	a.PutStr("gen_ai.request.model", "gpt-4o")
	a.PutStr("user.id", user)
	a.PutInt("gen_ai.usage.input_tokens", 5)
	a.PutStr("gen_ai.input.messages", input)
	return td
}

func userMessages(content string) string {
	return `[{"role":"user","parts":[{"type":"text","content":"` + content + `"}]}]`
}

func traceHex(traceByte byte) string {
	return fmt.Sprintf("ee%02x02030405060708090a0b0c0d0e0f", traceByte)
}

type spanCase struct {
	name string
	// file (testdata/hostile/spans, OTLP/HTTP JSON) or build (sent as protobuf).
	file  string
	build func() ptrace.Traces
	grpc  bool // send build over gRPC instead of OTLP/HTTP protobuf
	// wantGRPC is the expected gRPC answer (codes.OK when accepted).
	wantGRPC codes.Code
	where    string // selects the case's rows in genai_events
	check    func(t *testing.T, rows []hostileRow)
}

func hostileSpanCases() []spanCase {
	one := func(t *testing.T, rows []hostileRow) hostileRow {
		t.Helper()
		require.Len(t, rows, 1)
		return rows[0]
	}
	tid := func(n int) string { return fmt.Sprintf("where trace_id = 'dead%028x'", n)[6:] }
	tenMB := strings.Repeat("why is my invoice wrong? ", 10<<20/25)
	return []spanCase{
		{name: "wrong attribute types are coerced", file: "wrong_types", where: tid(1), check: func(t *testing.T, rows []hostileRow) {
			r := one(t, rows)
			assert.Equal(t, uint32(42), r.In, `" 42 " (string) is read as 42`)
			assert.Equal(t, uint32(0), r.Out, "a bool token count is unreadable: 0")
			assert.Equal(t, "4", r.Model, "an int model name is rendered")
			assert.Nil(t, r.Temperature, `temperature "hot" is dropped`)
		}},
		{name: "negative token counts are clamped to 0", file: "negative_tokens", where: tid(2), check: func(t *testing.T, rows []hostileRow) {
			r := one(t, rows)
			assert.Equal(t, [3]uint32{0, 0, 0}, [3]uint32{r.In, r.Out, r.Reasoning})
		}},
		{name: "huge token counts saturate", file: "huge_tokens", where: tid(3), check: func(t *testing.T, rows []hostileRow) {
			r := one(t, rows)
			assert.Equal(t, [3]uint32{4294967295, 4294967295, 4294967295}, [3]uint32{r.In, r.Out, r.CacheRead})
		}},
		{name: "NaN and Inf numbers are unreadable", file: "nan_tokens", where: tid(4), check: func(t *testing.T, rows []hostileRow) {
			r := one(t, rows)
			assert.Equal(t, [3]uint32{0, 0, 0}, [3]uint32{r.In, r.Out, r.CacheRead})
			assert.Nil(t, r.Temperature)
		}},
		{name: "a 1970 timestamp is stored as sent", file: "timestamp_1970", where: tid(5), check: func(t *testing.T, rows []hostileRow) {
			assert.Equal(t, time.Unix(0, 0).UTC(), one(t, rows).Timestamp.UTC())
		}},
		{name: "a 2300 timestamp is clamped to 2262, the original kept", file: "timestamp_2300", where: tid(6), check: func(t *testing.T, rows []hostileRow) {
			r := one(t, rows)
			assert.Equal(t, time.Unix(0, math.MaxInt64).UTC().Truncate(time.Microsecond), r.Timestamp.UTC(),
				"clamped to the last storable instant (2262-04-11), not wrapped into the 1700s")
			assert.Equal(t, "2300-01-01T00:00:00Z", r.Attributes["aianalytics.timestamp.original"])
		}},
		{name: "end before start gives latency 0", file: "end_before_start", where: tid(7), check: func(t *testing.T, rows []hostileRow) {
			assert.Zero(t, one(t, rows).LatencyMs)
		}},
		{name: "unknown enum values are stored as sent", file: "unknown_enums", where: tid(8), check: func(t *testing.T, rows []hostileRow) {
			r := one(t, rows)
			assert.Equal(t, []string{"teleport", "acme-llm", "x-9000", "exploded"}, []string{r.Operation, r.Provider, r.Model, r.FinishReason})
			assert.False(t, r.Error, "an unknown status code is not an error")
		}},
		{name: "spans without ids are kept apart", file: "missing_ids", where: "span_id = '' AND query LIKE 'no ids%'", check: func(t *testing.T, rows []hostileRow) {
			require.Len(t, rows, 2, "two id-less spans must not collapse into one row")
			assert.Equal(t, []uint32{11, 12}, []uint32{rows[0].In, rows[1].In})
		}},
		{name: "malformed message JSON leaves query and response empty", file: "malformed_messages", where: tid(9), check: func(t *testing.T, rows []hostileRow) {
			r := one(t, rows)
			assert.Equal(t, uint32(7), r.In)
			assert.Empty(t, r.Query)
			assert.Empty(t, r.Response)
		}},
		{
			name: "a 10 MB prompt over HTTP is truncated", where: "trace_id = '" + traceHex(1) + "'",
			build: func() ptrace.Traces { return generatedSpan(1, userMessages(tenMB), "u-big") },
			check: func(t *testing.T, rows []hostileRow) {
				r := one(t, rows)
				n := utf8.RuneCountInString(r.Query)
				assert.Positive(t, n)
				assert.LessOrEqual(t, n, 8192, "query capped at max_text_length")
				assert.True(t, strings.HasPrefix(r.Query, "why is my invoice wrong?"))
				assert.Equal(t, "true", r.Attributes["aianalytics.text.truncated"])
			},
		},
		{
			name: "a 10 MB prompt over gRPC is refused (4 MiB message limit)", grpc: true, wantGRPC: codes.ResourceExhausted,
			where: "trace_id = '" + traceHex(2) + "'",
			build: func() ptrace.Traces { return generatedSpan(2, userMessages(tenMB), "u-big") },
			check: func(t *testing.T, rows []hostileRow) { assert.Empty(t, rows, "refused means not stored") },
		},
		{
			name: "invalid UTF-8 is stored as valid UTF-8", grpc: true, where: "trace_id = '" + traceHex(3) + "'",
			build: func() ptrace.Traces { return generatedSpan(3, userMessages("caf\xe9 \xff ok"), "u-\xfe") },
			check: func(t *testing.T, rows []hostileRow) {
				r := one(t, rows)
				assert.True(t, utf8.ValidString(r.Query), "query %q", r.Query)
				assert.Contains(t, r.Query, "ok")
			},
		},
		{
			name: "deeply nested message JSON does not break the pipeline", where: "trace_id = '" + traceHex(4) + "'",
			build: func() ptrace.Traces {
				deep := strings.Repeat(`{"a":[`, 100000) + strings.Repeat(`]}`, 100000)
				return generatedSpan(4, `[{"role":"user","parts":[{"type":"text","content":"deep"}],"x":`+deep+`}]`, "u-deep")
			},
			check: func(t *testing.T, rows []hostileRow) { one(t, rows) },
		},
	}
}

func TestHostileSpans(t *testing.T) {
	conn := chtest.Conn(t)
	db := chtest.NewDatabase(t, conn)
	p := newPorts(t)
	col := collectortest.Start(t, hostileConfig(p, collectortest.FreePort(t), chtest.Endpoint(t), db), p.health)
	cc, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", p.grpc), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer cc.Close()
	client := ptraceotlp.NewGRPCClient(cc)

	cases := hostileSpanCases()
	for _, c := range cases {
		switch {
		case c.file != "":
			body, err := os.ReadFile(filepath.Join("..", "..", "testdata", "hostile", "spans", c.file+".json"))
			require.NoError(t, err)
			resp, err := http.Post(fmt.Sprintf("http://127.0.0.1:%d/v1/traces", p.http), "application/json", bytes.NewReader(body))
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, http.StatusOK, resp.StatusCode, c.name)
		case c.grpc:
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			_, err := client.Export(ctx, ptraceotlp.NewExportRequestFromTraces(c.build()))
			cancel()
			require.Equal(t, c.wantGRPC, status.Code(err), "%s: %v", c.name, err)
		default:
			body, err := ptraceotlp.NewExportRequestFromTraces(c.build()).MarshalProto()
			require.NoError(t, err)
			resp, err := http.Post(fmt.Sprintf("http://127.0.0.1:%d/v1/traces", p.http), "application/x-protobuf", bytes.NewReader(body))
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, http.StatusOK, resp.StatusCode, c.name)
		}
	}

	// The pipeline survived: an ordinary span sent last is stored.
	_, err = client.Export(context.Background(), ptraceotlp.NewExportRequestFromTraces(generatedSpan(9, userMessages("ordinary question"), "u-ok")))
	require.NoError(t, err)
	chtest.Eventually(t, 30*time.Second, "the ordinary span after the hostile ones", func() (bool, error) {
		return len(hostileRows(t, db, "trace_id = ?", traceHex(9))) == 1, nil
	})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.check(t, hostileRows(t, db, c.where)) })
	}
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", p.health))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.False(t, col.LogContains("panic"), "collector log mentions a panic")
}

// feedbackCase is one body of testdata/hostile/feedback (or generated) and its answer.
type feedbackCase struct {
	name   string
	file   string
	body   func() []byte
	status int
	// field is the invalid field the 400 answer must name ("" for other statuses).
	field string
}

func hostileFeedbackCases() []feedbackCase {
	return []feedbackCase{
		{name: "rating out of range", file: "rating_out_of_range", status: 400, field: "rating"},
		{name: "rating of the wrong type", file: "rating_wrong_type", status: 400, field: "rating"},
		{name: "no response or span id", file: "missing_ids", status: 400, field: "response_id"},
		{name: "no user", file: "missing_user", status: 400, field: "user_id"},
		{name: "unknown type", file: "unknown_type", status: 400, field: "type"},
		{name: "timestamp in 1970", file: "timestamp_1970", status: 400, field: "timestamp"},
		{name: "timestamp in 2300", file: "timestamp_2300", status: 400, field: "timestamp"},
		{name: "nested metadata", file: "nested_metadata", status: 400, field: "metadata"},
		{name: "trace id not hex", file: "bad_trace_id", status: 400, field: "trace_id"},
		{name: "NaN and trailing comma", file: "not_json", status: 400},
		{name: "deeply nested JSON", status: 400, body: func() []byte {
			return []byte(`{"type":"thumbs_up","user_id":"u","response_id":"r","metadata":` +
				strings.Repeat(`{"a":`, 100000) + "1" + strings.Repeat("}", 100000) + "}")
		}},
		{name: "10 MB comment", status: 413, body: func() []byte {
			return []byte(`{"type":"comment","user_id":"u","response_id":"r","comment":"` + strings.Repeat("x", 10<<20) + `"}`)
		}},
		{name: "invalid UTF-8 is accepted as valid UTF-8", file: "invalid_utf8", status: 202},
		{name: "well-formed control", file: "ok_control", status: 202},
	}
}

func TestHostileFeedback(t *testing.T) {
	conn := chtest.Conn(t)
	db := chtest.NewDatabase(t, conn)
	p := newPorts(t)
	fbPort := collectortest.FreePort(t)
	col := collectortest.Start(t, hostileConfig(p, fbPort, chtest.Endpoint(t), db), p.health)
	url := fmt.Sprintf("http://127.0.0.1:%d/v1/feedback", fbPort)

	for _, c := range hostileFeedbackCases() {
		t.Run(c.name, func(t *testing.T) {
			var body []byte
			if c.file != "" {
				var err error
				body, err = os.ReadFile(filepath.Join("..", "..", "testdata", "hostile", "feedback", c.file+".json"))
				require.NoError(t, err)
			} else {
				body = c.body()
			}
			r := postJSON(t, url, "application/json", body, "")
			require.Equal(t, c.status, r.Status, "answer: %.300s", r.Raw)
			if c.status >= 400 {
				assert.NotEmpty(t, r.Body["error"], "a refusal must say why: %.300s", r.Raw)
			}
			if c.field != "" {
				assert.Contains(t, r.Raw, `"field":"`+c.field, "the answer must name the invalid field")
			}
		})
	}

	// Only the two accepted bodies are stored, as valid UTF-8; the pipeline still works.
	chtest.Eventually(t, 30*time.Second, "the accepted feedback", func() (bool, error) {
		return countRows(t, db, "SELECT count() FROM DB.genai_feedback FINAL WHERE event_id IN ('hostile-ok', 'hostile-utf8')") == 2, nil
	})
	assert.Equal(t, uint64(2), countRows(t, db, "SELECT count() FROM DB.genai_feedback FINAL WHERE source = 'explicit'"),
		"nothing of a refused body may be stored")
	assert.Equal(t, uint64(0), countRows(t, db, "SELECT count() FROM DB.genai_feedback WHERE NOT isValidUTF8(comment) OR NOT isValidUTF8(user_id)"))
	assert.False(t, col.LogContains("panic"), "collector log mentions a panic")
}
