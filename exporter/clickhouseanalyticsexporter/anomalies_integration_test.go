package clickhouseanalyticsexporter

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/anomaly"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
)

type anomalyRow struct {
	ID                      uuid.UUID
	Tenant, Provider, Model string
	Type, Severity, Metric  string
	Expected, Actual        float64
	Description             string
	Timestamp, Start, End   time.Time
	ResolvedAt              *time.Time
	Version                 uint64
}

func queryAnomalies(t *testing.T, exp *analyticsExporter, db string) []anomalyRow {
	t.Helper()
	rows, err := exp.conn.Query(context.Background(), `SELECT alert_id, tenant_id, provider, model, type, severity,
		metric, expected_value, actual_value, description, timestamp, window_start, window_end, resolved_at, version
		FROM `+quoteIdent(db)+`.genai_anomalies FINAL ORDER BY tenant_id, window_start`)
	require.NoError(t, err)
	defer rows.Close()
	var out []anomalyRow
	for rows.Next() {
		var r anomalyRow
		require.NoError(t, rows.Scan(&r.ID, &r.Tenant, &r.Provider, &r.Model, &r.Type, &r.Severity, &r.Metric,
			&r.Expected, &r.Actual, &r.Description, &r.Timestamp, &r.Start, &r.End, &r.ResolvedAt, &r.Version))
		out = append(out, r)
	}
	require.NoError(t, rows.Err())
	return out
}

// TestAnomalyAlertEndsAsOneRow: an alert's open and resolved versions (and a retried batch)
// collapse into one row carrying resolved_at; alert spans never become genai_events rows.
func TestAnomalyAlertEndsAsOneRow(t *testing.T) {
	exp, db := newTestExporter(t)
	start := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	open := anomaly.Alert{
		ID: uuid.MustParse("0b7e6d0c-1f6a-5d2e-9c3b-4a5f6e7d8c9b"), Version: 1, Timestamp: start.Add(70 * time.Second),
		Tenant: "acme", Provider: "openai", Model: "gpt-4o-mini", Type: anomaly.TypeLatency,
		Severity: anomaly.SeverityMedium, Metric: "latency_p95_ms", Expected: 1000, Actual: 3100,
		Description: "latency: p95 3100 ms vs 1000 ms", WindowStart: start, WindowEnd: start.Add(time.Minute),
	}
	resolved := open
	resolved.Version, resolved.WindowEnd, resolved.ResolvedAt = 2, start.Add(4*time.Minute), start.Add(4*time.Minute)
	resolved.Severity = anomaly.SeverityHigh
	other := open
	other.ID, other.Tenant, other.Type, other.Provider, other.Model = uuid.MustParse("1c8f7e1d-2a7b-5e3f-8d4c-5b6a7f8e9d0c"), "globex", anomaly.TypeDrop, "", ""

	push := func(alerts ...anomaly.Alert) {
		require.NoError(t, exp.pushTraces(context.Background(), anomaly.AlertsToTraces(alerts, "test")))
	}
	push(open, other)
	got := queryAnomalies(t, exp, db)
	require.Len(t, got, 2)
	assert.Nil(t, got[0].ResolvedAt, "still open")

	push(resolved)
	push(resolved) // a retry of the same batch
	push(open)     // a late copy of the first version must not win
	got = queryAnomalies(t, exp, db)
	require.Len(t, got, 2, "one row per alert")
	assert.Equal(t, anomalyRow{
		ID: open.ID, Tenant: "acme", Provider: "openai", Model: "gpt-4o-mini", Type: "latency", Severity: "high",
		Metric: "latency_p95_ms", Expected: 1000, Actual: 3100, Description: open.Description,
		Timestamp: open.Timestamp, Start: start, End: start.Add(4 * time.Minute), ResolvedAt: &resolved.ResolvedAt, Version: 2,
	}, normalize(got[0]))
	assert.Equal(t, "globex", got[1].Tenant)
	assert.Equal(t, "drop", got[1].Type)
	assert.Equal(t, "", got[1].Model, "tenant-wide alert")

	var events uint64
	require.NoError(t, exp.conn.QueryRow(context.Background(), "SELECT count() FROM "+quoteIdent(db)+".genai_events").Scan(&events))
	assert.Zero(t, events)
}

func TestAnomalyUnreadableSpanDropped(t *testing.T) {
	exp, db := newTestExporter(t)
	td := anomaly.AlertsToTraces([]anomaly.Alert{{ID: uuid.New(), Version: 1, Tenant: "acme", Type: anomaly.TypeSpike,
		Timestamp: time.Now(), WindowStart: time.Now(), WindowEnd: time.Now()}}, "test")
	spans := td.ResourceSpans().At(0).ScopeSpans().At(0).Spans()
	bad := spans.AppendEmpty()
	spans.At(0).CopyTo(bad)
	bad.Attributes().PutStr(anomaly.KeyType, "meteor")
	tests := []struct {
		name string
		td   ptrace.Traces
		want int
	}{
		{"good and bad", td, 1},
		{"no alerts", ptrace.NewTraces(), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, exp.pushTraces(context.Background(), tt.td))
			assert.Len(t, queryAnomalies(t, exp, db), tt.want)
		})
	}
}

func normalize(r anomalyRow) anomalyRow {
	r.Timestamp, r.Start, r.End = r.Timestamp.UTC(), r.Start.UTC(), r.End.UTC()
	if r.ResolvedAt != nil {
		u := r.ResolvedAt.UTC()
		r.ResolvedAt = &u
	}
	return r
}

func TestAnomaliesTTLRendered(t *testing.T) {
	conn := chtest.Conn(t)
	cfg := createDefaultConfig()
	cfg.Endpoint = chtest.Endpoint(t)
	cfg.Database = chtest.NewDatabase(t, conn)
	cfg.TTL.Anomalies = 90 * 24 * time.Hour
	require.NoError(t, migrate(context.Background(), conn, cfg))
	var ddl string
	require.NoError(t, conn.QueryRow(context.Background(),
		"SELECT create_table_query FROM system.tables WHERE database = ? AND name = 'genai_anomalies'", cfg.Database).Scan(&ddl))
	assert.Contains(t, ddl, "TTL toDateTime(window_start) + toIntervalSecond(7776000)")
	assert.Contains(t, ddl, "ORDER BY (tenant_id, alert_id)")
}
