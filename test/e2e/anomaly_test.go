package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
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

// anomalyConfig: 10 s windows, short warm-up, and the analytics API to read the alert back.
// storageDir, when set, adds a file_storage extension keeping the detector's state.
func anomalyConfig(grpcPort, healthPort, apiPort int, endpoint, database, storageDir string) string {
	storage, storageExt, storageRef := "", "", ""
	if storageDir != "" {
		storage = fmt.Sprintf("\n  file_storage/anomaly:\n    directory: %s\n", storageDir)
		storageExt = ", file_storage/anomaly"
		storageRef = "\n      storage: file_storage/anomaly"
	}
	return fmt.Sprintf(`
extensions:%[7]s
  health_check:
    endpoint: 127.0.0.1:%[2]d
  analyticsapi:
    endpoint: 127.0.0.1:%[3]d
    clickhouse:
      endpoint: %[4]s
      database: %[5]s
    api_keys:
      - key: %[6]s
        tenant: acme
receivers:
  otlp:
    protocols:
      grpc: {endpoint: 127.0.0.1:%[1]d}
processors:
  genaianalytics:
    anomaly:
      window: 10s
      grace_period: 2s
      warmup_windows: 5
      baseline_windows: 10
      min_requests: 10%[9]s
exporters:
  clickhouseanalytics:
    endpoint: %[4]s
    database: %[5]s
    sending_queue:
      batch: {flush_timeout: 200ms}
service:
  extensions: [health_check, analyticsapi%[8]s]
  telemetry:
    metrics:
      level: none
  pipelines:
    traces:
      receivers: [otlp]
      processors: [genaianalytics]
      exporters: [clickhouseanalytics]
`, grpcPort, healthPort, apiPort, endpoint, database, analyticsKey, storage, storageExt, storageRef)
}

// latencyWindow is one 10 s window of 20 chat calls of acme on gpt-4o-mini.
func latencyWindow(start time.Time, window int, latency time.Duration) ptrace.Traces {
	td := ptrace.NewTraces()
	rs := td.ResourceSpans().AppendEmpty()
	rs.Resource().Attributes().PutStr("service.name", "support-bot")
	rs.Resource().Attributes().PutStr("tenant.id", "acme")
	ss := rs.ScopeSpans().AppendEmpty()
	for i := 0; i < 20; i++ {
		span := ss.Spans().AppendEmpty()
		span.SetName("chat gpt-4o-mini")
		span.SetTraceID(pcommon.TraceID{0xa0, byte(window), byte(i), 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
		span.SetSpanID(pcommon.SpanID{0xb0, byte(window), byte(i), 3, 4, 5, 6, 7})
		at := start.Add(time.Duration(window)*10*time.Second + time.Duration(i)*500*time.Millisecond)
		span.SetStartTimestamp(pcommon.NewTimestampFromTime(at))
		span.SetEndTimestamp(pcommon.NewTimestampFromTime(at.Add(latency + time.Duration(i%5)*20*time.Millisecond)))
		a := span.Attributes()
		a.PutStr("gen_ai.operation.name", "chat")
		a.PutStr("gen_ai.provider.name", "openai")
		a.PutStr("gen_ai.request.model", "gpt-4o-mini")
		a.PutInt("gen_ai.usage.input_tokens", 200)
		a.PutInt("gen_ai.usage.output_tokens", 80)
	}
	return td
}

// TestLatencyIncidentRaisesOneAlert backfills 30 windows of 10 s (timestamps in the past,
// so the windows close as fast as the data arrives): 20 normal, 4 with latency ×3, 6 normal.
// The incident must end as exactly one latency alert row in genai_anomalies, resolved, with
// the slow calls flagged in genai_events, and be listed by /v1/analytics/anomalies.
// (Once the backfill stops, traffic is zero: a drop alert may follow — correctly — so the
// assertions are about the latency type.)
func TestLatencyIncidentRaisesOneAlert(t *testing.T) {
	conn := chtest.Conn(t)
	db := chtest.NewDatabase(t, conn)
	grpcPort, healthPort, apiPort := collectortest.FreePort(t), collectortest.FreePort(t), collectortest.FreePort(t)
	collectortest.Start(t, anomalyConfig(grpcPort, healthPort, apiPort, chtest.Endpoint(t), db, ""), healthPort)

	start := time.Now().UTC().Add(-time.Hour).Truncate(10 * time.Second)
	sendLatencyWindows(t, grpcPort, start, 0, 30)

	alerts := waitLatencyAlert(t, db)
	require.Len(t, alerts, 1, "one incident, one alert row")
	a := alerts[0]
	assert.Equal(t, "gpt-4o-mini", a.Model)
	assert.Equal(t, start.Add(200*time.Second), a.Start.UTC(), "first slow window")
	assert.Equal(t, start.Add(240*time.Second), a.End.UTC(), "last slow window")
	assert.Equal(t, start.Add(240*time.Second), a.ResolvedAt.UTC())
	assert.InDelta(t, 3.0, a.Actual/a.Expected, 0.3)

	// Calls of the incident windows that arrived after detection carry the flag; no normal call does.
	// (16 of the 2nd slow window arrive after the 1st closes at +2 s, and all of the 3rd and 4th.)
	var flaggedSlow, flaggedFast uint64
	chtest.Eventually(t, 15*time.Second, "flagged calls in genai_events", func() (bool, error) {
		err := conn.QueryRow(context.Background(), "SELECT countIf(latency_ms >= 2500), countIf(latency_ms < 2500) FROM `"+db+
			"`.genai_events FINAL WHERE has(anomaly_flags, 'latency')").Scan(&flaggedSlow, &flaggedFast)
		return flaggedSlow >= 40, err
	})
	assert.LessOrEqual(t, flaggedSlow, uint64(60), "never the first slow window: it is judged when it closes")
	assert.Zero(t, flaggedFast, "no normal call is flagged")
	var events uint64
	chtest.Eventually(t, 15*time.Second, "all 600 calls in genai_events", func() (bool, error) {
		err := conn.QueryRow(context.Background(), "SELECT count() FROM `"+db+"`.genai_events FINAL").Scan(&events)
		return events == 600, err
	})

	q := url.Values{"from": {start.Format(time.RFC3339)}, "to": {time.Now().UTC().Add(time.Hour).Format(time.RFC3339)}, "type": {"latency"}}
	api := analyticsAPI{t: t, base: fmt.Sprintf("http://127.0.0.1:%d", apiPort)}
	status, raw := api.call(http.MethodGet, "/v1/analytics/anomalies?"+q.Encode(), nil)
	require.Equal(t, http.StatusOK, status, string(raw))
	var listed []map[string]any
	require.NoError(t, json.Unmarshal(raw, &listed))
	require.Len(t, listed, 1, string(raw))
	assert.Equal(t, a.ID, listed[0]["alert_id"])
	assert.NotNil(t, listed[0]["resolved_at"])
}

// sendLatencyWindows exports windows [from, to); windows 20–23 are slow (latency ×3).
func sendLatencyWindows(t *testing.T, grpcPort int, start time.Time, from, to int) {
	t.Helper()
	cc, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", grpcPort), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer cc.Close()
	client := ptraceotlp.NewGRPCClient(cc)
	for w := from; w < to; w++ {
		latency := time.Second
		if w >= 20 && w < 24 {
			latency = 3 * time.Second
		}
		_, err := client.Export(context.Background(), ptraceotlp.NewExportRequestFromTraces(latencyWindow(start, w, latency)))
		require.NoError(t, err)
	}
}

type alertRow struct {
	ID, Model, Severity, Metric string
	Expected, Actual            float64
	Start, End                  time.Time
	ResolvedAt                  *time.Time
}

// waitLatencyAlert waits for a resolved latency alert of acme and returns all latency rows.
func waitLatencyAlert(t *testing.T, db string) []alertRow {
	t.Helper()
	conn := chtest.Conn(t)
	var alerts []alertRow
	chtest.Eventually(t, 30*time.Second, "a resolved latency alert", func() (bool, error) {
		rows, err := conn.Query(context.Background(), "SELECT toString(alert_id), model, severity, metric, expected_value, actual_value, "+
			"window_start, window_end, resolved_at FROM `"+db+"`.genai_anomalies FINAL WHERE tenant_id = 'acme' AND type = 'latency'")
		if err != nil {
			return false, err
		}
		defer rows.Close()
		alerts = alerts[:0]
		for rows.Next() {
			var r alertRow
			if err := rows.Scan(&r.ID, &r.Model, &r.Severity, &r.Metric, &r.Expected, &r.Actual, &r.Start, &r.End, &r.ResolvedAt); err != nil {
				return false, err
			}
			alerts = append(alerts, r)
		}
		return len(alerts) > 0 && alerts[0].ResolvedAt != nil, rows.Err()
	})
	return alerts
}

// TestAnomalyBaselinesSurviveRestart: the first collector learns 20 normal windows and stops
// (state saved in file_storage); the second one restores it and catches the incident at once —
// without the state its first windows would be its warm-up and nothing would fire.
func TestAnomalyBaselinesSurviveRestart(t *testing.T) {
	conn := chtest.Conn(t)
	db := chtest.NewDatabase(t, conn)
	dir := t.TempDir()
	start := time.Now().UTC().Add(-time.Hour).Truncate(10 * time.Second)

	grpcPort, healthPort, apiPort := collectortest.FreePort(t), collectortest.FreePort(t), collectortest.FreePort(t)
	first := collectortest.Start(t, anomalyConfig(grpcPort, healthPort, apiPort, chtest.Endpoint(t), db, dir), healthPort)
	sendLatencyWindows(t, grpcPort, start, 0, 20)
	first.Stop(t)
	require.True(t, first.LogContains("Shutdown complete"), first.Log())

	grpcPort, healthPort, apiPort = collectortest.FreePort(t), collectortest.FreePort(t), collectortest.FreePort(t)
	second := collectortest.Start(t, anomalyConfig(grpcPort, healthPort, apiPort, chtest.Endpoint(t), db, dir), healthPort)
	require.True(t, second.LogContains("anomaly state restored"), second.Log())
	sendLatencyWindows(t, grpcPort, start, 20, 30)

	alerts := waitLatencyAlert(t, db)
	require.Len(t, alerts, 1)
	// The restarted detector does not judge the window it started in (it saw it only in
	// part), so the incident is caught from its second window.
	assert.Equal(t, start.Add(210*time.Second), alerts[0].Start.UTC())
	assert.Equal(t, start.Add(240*time.Second), alerts[0].ResolvedAt.UTC())
}

// TestOutageDetectedInRealTime sends live traffic (timestamps = now) in 2 s windows, stops it
// for three windows and resumes: while nothing arrives, only the processor's ticker moves time,
// and the outage must end as exactly one resolved drop alert.
func TestOutageDetectedInRealTime(t *testing.T) {
	conn := chtest.Conn(t)
	db := chtest.NewDatabase(t, conn)
	grpcPort, healthPort, apiPort := collectortest.FreePort(t), collectortest.FreePort(t), collectortest.FreePort(t)
	cfg := anomalyConfig(grpcPort, healthPort, apiPort, chtest.Endpoint(t), db, "")
	cfg = strings.Replace(cfg, "window: 10s\n      grace_period: 2s\n      warmup_windows: 5",
		"window: 2s\n      grace_period: 1500ms\n      warmup_windows: 4", 1)
	require.Contains(t, cfg, "window: 2s")
	collectortest.Start(t, cfg, healthPort)

	cc, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", grpcPort), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer cc.Close()
	client := ptraceotlp.NewGRPCClient(cc)
	// Calls are stamped on a fixed schedule (one per 50 ms: 40 per window) and sent every
	// 250 ms with whatever is due, so a stalled sender only delays them (within the grace
	// period) instead of thinning a window.
	sent, next := 0, time.Now().UTC()
	live := func(d time.Duration) {
		for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(250 * time.Millisecond) {
			td := ptrace.NewTraces()
			first := latencyWindow(next, 0, time.Second)
			first.ResourceSpans().At(0).CopyTo(td.ResourceSpans().AppendEmpty())
			spans := td.ResourceSpans().At(0).ScopeSpans().At(0).Spans()
			spans.RemoveIf(func(ptrace.Span) bool { return true })
			template := first.ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(0)
			for ; !next.After(time.Now()); next = next.Add(50 * time.Millisecond) {
				sent++
				span := spans.AppendEmpty()
				template.CopyTo(span)
				span.SetTraceID(pcommon.TraceID{0xd0, byte(sent >> 8), byte(sent), 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
				span.SetSpanID(pcommon.SpanID{0xe0, byte(sent >> 8), byte(sent), 3, 4, 5, 6, 7})
				span.SetStartTimestamp(pcommon.NewTimestampFromTime(next))
				span.SetEndTimestamp(pcommon.NewTimestampFromTime(next.Add(time.Second)))
			}
			_, err := client.Export(context.Background(), ptraceotlp.NewExportRequestFromTraces(td))
			require.NoError(t, err)
		}
	}
	live(16 * time.Second) // first window + warm-up + margin
	outage := time.Now().UTC()
	time.Sleep(6 * time.Second)
	next = time.Now().UTC()
	live(8 * time.Second)

	type row struct {
		Type       string
		Start      time.Time
		ResolvedAt *time.Time
		Actual     float64
	}
	var rows []row
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		r, err := conn.Query(context.Background(), "SELECT type, window_start, resolved_at, actual_value FROM `"+db+
			"`.genai_anomalies FINAL WHERE tenant_id = 'acme' ORDER BY window_start")
		require.NoError(t, err)
		rows = rows[:0]
		for r.Next() {
			var x row
			require.NoError(t, r.Scan(&x.Type, &x.Start, &x.ResolvedAt, &x.Actual))
			rows = append(rows, x)
		}
		require.NoError(t, r.Err())
		r.Close()
		if len(rows) == 1 && rows[0].ResolvedAt != nil {
			break
		}
	}
	if len(rows) != 1 || rows[0].ResolvedAt == nil {
		logWindows(t, db, 2*time.Second)
	}
	require.Len(t, rows, 1, "one outage, one alert, nothing else: %+v", rows)
	require.NotNil(t, rows[0].ResolvedAt, "resolved once traffic is back")
	assert.Equal(t, "drop", rows[0].Type)
	assert.Zero(t, rows[0].Actual, "no call in the outage windows")
	assert.WithinDuration(t, outage, rows[0].Start.UTC(), 2*time.Second)
}

// logWindows prints the calls stored per window, to tell a slow machine from a detector fault.
func logWindows(t *testing.T, db string, window time.Duration) {
	t.Helper()
	r, err := chtest.Conn(t).Query(context.Background(), "SELECT toStartOfInterval(timestamp, toIntervalMillisecond(?)) AS w, count() FROM `"+db+
		"`.genai_events FINAL GROUP BY w ORDER BY w", window.Milliseconds())
	require.NoError(t, err)
	defer r.Close()
	for r.Next() {
		var w time.Time
		var n uint64
		require.NoError(t, r.Scan(&w, &n))
		t.Logf("window %s: %d calls", w.UTC().Format("15:04:05.000"), n)
	}
}
