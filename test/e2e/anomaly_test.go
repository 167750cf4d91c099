package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
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
func anomalyConfig(grpcPort, healthPort, apiPort int, endpoint, database string) string {
	return fmt.Sprintf(`
extensions:
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
      min_requests: 10
exporters:
  clickhouseanalytics:
    endpoint: %[4]s
    database: %[5]s
    sending_queue:
      batch: {flush_timeout: 200ms}
service:
  extensions: [health_check, analyticsapi]
  telemetry:
    metrics:
      level: none
  pipelines:
    traces:
      receivers: [otlp]
      processors: [genaianalytics]
      exporters: [clickhouseanalytics]
`, grpcPort, healthPort, apiPort, endpoint, database, analyticsKey)
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
	collectortest.Start(t, anomalyConfig(grpcPort, healthPort, apiPort, chtest.Endpoint(t), db), healthPort)

	cc, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", grpcPort), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer cc.Close()
	client := ptraceotlp.NewGRPCClient(cc)
	start := time.Now().UTC().Add(-time.Hour).Truncate(10 * time.Second)
	for w := 0; w < 30; w++ {
		latency := time.Second
		if w >= 20 && w < 24 {
			latency = 3 * time.Second
		}
		_, err := client.Export(context.Background(), ptraceotlp.NewExportRequestFromTraces(latencyWindow(start, w, latency)))
		require.NoError(t, err)
	}

	type alertRow struct {
		ID, Model, Severity, Metric string
		Expected, Actual            float64
		Start, End                  time.Time
		ResolvedAt                  *time.Time
	}
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
	require.Len(t, alerts, 1, "one incident, one alert row")
	a := alerts[0]
	assert.Equal(t, "gpt-4o-mini", a.Model)
	assert.Equal(t, start.Add(200*time.Second), a.Start.UTC(), "first slow window")
	assert.Equal(t, start.Add(240*time.Second), a.End.UTC(), "last slow window")
	assert.Equal(t, start.Add(240*time.Second), a.ResolvedAt.UTC())
	assert.InDelta(t, 3.0, a.Actual/a.Expected, 0.3)

	// Calls of the incident windows that arrived after detection carry the flag; no normal call does.
	var flaggedSlow, flaggedFast uint64
	require.NoError(t, conn.QueryRow(context.Background(), "SELECT countIf(latency_ms >= 2500), countIf(latency_ms < 2500) FROM `"+db+
		"`.genai_events FINAL WHERE has(anomaly_flags, 'latency')").Scan(&flaggedSlow, &flaggedFast))
	assert.GreaterOrEqual(t, flaggedSlow, uint64(40), "windows 2-4 of the incident")
	assert.Zero(t, flaggedFast)

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
