//go:build cluster

package cluster

import (
	"context"
	"fmt"
	"testing"
	"time"

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

// firstTier routes by tenant to two second-tier instances: one pipeline per instance, each
// with the genaianalytics processor in routing mode (its share of tenants, unchanged) and an
// OTLP exporter to that instance. Logs (feedback, evaluations) take the same routes. No
// sending queue: the test backfills windows in order, and parallel queue consumers could
// reorder them past the detector's grace period (live traffic is only reordered by ms).
func firstTier(grpcPort, healthPort int, secondTier [2]int) string {
	return fmt.Sprintf(`
extensions:
  health_check:
    endpoint: 127.0.0.1:%[2]d
receivers:
  otlp:
    protocols:
      grpc: {endpoint: 127.0.0.1:%[1]d}
processors:
  genaianalytics/route0:
    routing: {instances: 2, index: 0}
  genaianalytics/route1:
    routing: {instances: 2, index: 1}
exporters:
  otlp/tier2_0:
    endpoint: 127.0.0.1:%[3]d
    tls: {insecure: true}
    sending_queue: {enabled: false}
  otlp/tier2_1:
    endpoint: 127.0.0.1:%[4]d
    tls: {insecure: true}
    sending_queue: {enabled: false}
service:
  extensions: [health_check]
  telemetry:
    metrics:
      level: none
  pipelines:
    traces/0:
      receivers: [otlp]
      processors: [genaianalytics/route0]
      exporters: [otlp/tier2_0]
    traces/1:
      receivers: [otlp]
      processors: [genaianalytics/route1]
      exporters: [otlp/tier2_1]
    logs/0:
      receivers: [otlp]
      processors: [genaianalytics/route0]
      exporters: [otlp/tier2_0]
    logs/1:
      receivers: [otlp]
      processors: [genaianalytics/route1]
      exporters: [otlp/tier2_1]
`, grpcPort, healthPort, secondTier[0], secondTier[1])
}

// secondTier is a full instance with anomaly detection on 10 s windows. min_requests (15 of
// the 20 calls a tenant sends per window) makes a detector that saw only part of a tenant's
// traffic judge nothing, so "half" would show as a missing alert.
func secondTier(grpcPort, healthPort int, endpoint, database string) string {
	return fmt.Sprintf(`
extensions:
  health_check:
    endpoint: 127.0.0.1:%[2]d
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
      min_requests: 15
exporters:
  clickhouseanalytics:
    endpoint: %[3]s
    database: %[4]s
    sending_queue:
      batch: {flush_timeout: 200ms}
service:
  extensions: [health_check]
  telemetry:
    metrics:
      level: none
  pipelines:
    traces:
      receivers: [otlp]
      processors: [genaianalytics]
      exporters: [clickhouseanalytics]
    logs:
      receivers: [otlp]
      processors: [genaianalytics]
      exporters: [clickhouseanalytics]
`, grpcPort, healthPort, endpoint, database)
}

var tierTenants = []string{"acme", "globex", "initech", "umbrella", "hooli", "wonka"}

// TestTwoTierAnomaliesOncePerTenant: six tenants each have the same latency incident (windows
// 20–23 ×3 slower) and one evaluation score. Through the first tier, each tenant's calls must
// all reach one second-tier instance (each writes its own database here, to tell them apart),
// its feedback the same instance, both instances must get tenants, and each tenant's incident
// must be one latency alert — not two (two detectors) and not none (a detector seeing half the
// calls).
func TestTwoTierAnomaliesOncePerTenant(t *testing.T) {
	conn := openConn(t, chtest.Endpoint(t))
	dbs := [2]string{chtest.NewDatabase(t, conn), chtest.NewDatabase(t, conn)}
	var tier2 [2]int
	for i := range tier2 {
		tier2[i] = collectortest.FreePort(t)
		health := collectortest.FreePort(t)
		collectortest.Start(t, secondTier(tier2[i], health, chtest.Endpoint(t), dbs[i]), health)
	}
	grpcPort, health := collectortest.FreePort(t), collectortest.FreePort(t)
	collectortest.Start(t, firstTier(grpcPort, health, tier2), health)

	start := time.Now().UTC().Add(-time.Hour).Truncate(10 * time.Second)
	cc, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", grpcPort), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer cc.Close()
	client := ptraceotlp.NewGRPCClient(cc)
	for w := 0; w < 30; w++ {
		// One request per window with every tenant's calls: the first tier must split it.
		_, err := client.Export(context.Background(), ptraceotlp.NewExportRequestFromTraces(tenantsWindow(start, w)))
		require.NoError(t, err)
	}

	// One evaluation score per tenant over OTLP logs: feedback must follow its tenant's calls.
	lc := plogotlp.NewGRPCClient(cc)
	_, err = lc.Export(context.Background(), plogotlp.NewExportRequestFromLogs(tenantEvaluations(start)))
	require.NoError(t, err)

	ctx := context.Background()
	perTenant := func(db, query string) map[string]uint64 {
		rows, err := conn.Query(ctx, fmt.Sprintf(query, db))
		require.NoError(t, err)
		defer rows.Close()
		out := map[string]uint64{}
		for rows.Next() {
			var tenant string
			var n uint64
			require.NoError(t, rows.Scan(&tenant, &n))
			out[tenant] = n
		}
		require.NoError(t, rows.Err())
		return out
	}
	const calls = 30 * 20
	var events [2]map[string]uint64
	chtest.Eventually(t, 60*time.Second, "every call in the two databases", func() (bool, error) {
		total := uint64(0)
		for i, db := range dbs {
			events[i] = perTenant(db, "SELECT tenant_id, count() FROM `%s`.genai_events FINAL GROUP BY tenant_id")
			for _, n := range events[i] {
				total += n
			}
		}
		return total >= uint64(len(tierTenants)*calls), nil
	})
	for _, tenant := range tierTenants {
		a, b := events[0][tenant], events[1][tenant]
		assert.True(t, (a == calls && b == 0) || (a == 0 && b == calls), "%s: %d calls on instance 0, %d on instance 1", tenant, a, b)
	}
	assert.NotEmpty(t, events[0], "instance 0 got no tenant")
	assert.NotEmpty(t, events[1], "instance 1 got no tenant")
	t.Logf("instance 0: %v; instance 1: %v", events[0], events[1])

	var feedback [2]map[string]uint64
	const evaluations = "SELECT tenant_id, count() FROM `%s`.genai_feedback FINAL WHERE type = 'evaluation' GROUP BY tenant_id"
	chtest.Eventually(t, 30*time.Second, "one evaluation per tenant", func() (bool, error) {
		feedback = [2]map[string]uint64{perTenant(dbs[0], evaluations), perTenant(dbs[1], evaluations)}
		return len(feedback[0])+len(feedback[1]) >= len(tierTenants), nil
	})
	for _, tenant := range tierTenants {
		for i := range dbs {
			want := uint64(0)
			if events[i][tenant] > 0 {
				want = 1
			}
			assert.Equal(t, want, feedback[i][tenant], "%s: evaluations on instance %d (its calls: %d)", tenant, i, events[i][tenant])
		}
	}

	const latencyAlerts = "SELECT tenant_id, count() FROM `%s`.genai_anomalies FINAL WHERE type = 'latency' AND resolved_at IS NOT NULL GROUP BY tenant_id"
	var alerts [2]map[string]uint64
	chtest.Eventually(t, 60*time.Second, "a resolved latency alert per tenant", func() (bool, error) {
		alerts = [2]map[string]uint64{perTenant(dbs[0], latencyAlerts), perTenant(dbs[1], latencyAlerts)}
		return len(alerts[0])+len(alerts[1]) >= len(tierTenants), nil
	})
	time.Sleep(3 * time.Second) // a second, wrong alert would come from the same windows: let it land
	for i := range dbs {
		all := perTenant(dbs[i], "SELECT tenant_id, count() FROM `%s`.genai_anomalies FINAL WHERE type = 'latency' GROUP BY tenant_id")
		for tenant, n := range all {
			assert.Equal(t, uint64(1), n, "%s: latency alerts on instance %d", tenant, i)
			assert.NotZero(t, events[i][tenant], "%s alerted on instance %d, which did not get its calls", tenant, i)
		}
		alerts[i] = all
	}
	for _, tenant := range tierTenants {
		assert.Equal(t, uint64(1), alerts[0][tenant]+alerts[1][tenant], "%s: one incident, one alert", tenant)
	}
}

// tenantsWindow is one 10 s window of 20 chat calls per tenant; windows 20–23 are slow.
func tenantsWindow(start time.Time, window int) ptrace.Traces {
	latency := time.Second
	if window >= 20 && window < 24 {
		latency = 3 * time.Second
	}
	td := ptrace.NewTraces()
	for ti, tenant := range tierTenants {
		rs := td.ResourceSpans().AppendEmpty()
		rs.Resource().Attributes().PutStr("service.name", "support-bot")
		rs.Resource().Attributes().PutStr("tenant.id", tenant)
		ss := rs.ScopeSpans().AppendEmpty()
		for i := 0; i < 20; i++ {
			span := ss.Spans().AppendEmpty()
			span.SetName("chat gpt-4o-mini")
			span.SetTraceID(pcommon.TraceID{0xc0, byte(ti), byte(window), byte(i), 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
			span.SetSpanID(pcommon.SpanID{0xd0, byte(ti), byte(window), byte(i), 4, 5, 6, 7})
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
	}
	return td
}

// tenantEvaluations is one gen_ai.evaluation.result event per tenant (tenant on the resource).
func tenantEvaluations(at time.Time) plog.Logs {
	ld := plog.NewLogs()
	for ti, tenant := range tierTenants {
		rl := ld.ResourceLogs().AppendEmpty()
		rl.Resource().Attributes().PutStr("service.name", "eval-worker")
		rl.Resource().Attributes().PutStr("tenant.id", tenant)
		lr := rl.ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
		lr.SetEventName("gen_ai.evaluation.result")
		lr.SetTimestamp(pcommon.NewTimestampFromTime(at))
		lr.SetTraceID(pcommon.TraceID{0xc0, byte(ti), 0, 0, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
		lr.SetSpanID(pcommon.SpanID{0xd0, byte(ti), 0, 0, 4, 5, 6, 7})
		a := lr.Attributes()
		a.PutStr("gen_ai.evaluation.name", "relevance")
		a.PutDouble("gen_ai.evaluation.score.value", 0.8)
	}
	return ld
}
