package clickhouseanalyticsexporter

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
)

// rollups.per_minute of the traces exporter decides whether genai_events_1m is filled: off by
// default (the view the migration creates is dropped, the table stays), on creates the view, off
// again drops it and keeps the rows; each change is logged once, an unchanged setting does
// nothing, and a logs (feedback-only) exporter leaves the view alone.
func TestPerMinuteRollupFollowsConfig(t *testing.T) {
	ctx := context.Background()
	conn := chtest.Conn(t)
	db := chtest.NewDatabase(t, conn)
	minute := time.Now().UTC().Truncate(time.Minute).Add(-time.Hour)
	batch := func(first byte) *spanRows {
		rows := &spanRows{}
		for i := range byte(2) {
			rows.events = append(rows.events, genai.Event{
				EventID:   genai.EventIDFor([16]byte{first + i, 7}, [8]byte{first + i}),
				Timestamp: minute.Add(time.Duration(i) * time.Second), TenantID: "acme",
				ServiceName: "chat", Provider: "openai", RequestModel: "gpt-4o", InputTokens: 100, LatencyMs: 200,
			})
		}
		return rows
	}
	viewExists := func() bool {
		var n uint64
		require.NoError(t, conn.QueryRow(ctx, "SELECT count() FROM system.tables WHERE database = ? AND name = 'genai_events_1m_mv'", db).Scan(&n))
		return n == 1
	}
	rollup := func() (calls, unique uint64) {
		require.NoError(t, conn.QueryRow(ctx, "SELECT sum(calls), uniqMerge(unique_events) FROM `"+db+"`.genai_events_1m WHERE tenant_id = 'acme'").Scan(&calls, &unique))
		return calls, unique
	}
	steps := []struct {
		name                  string
		perMinute, logsOnly   bool
		push                  *spanRows
		wantView              bool
		wantCalls, wantUnique uint64
		wantLog               string
	}{
		{name: "default: off on a new schema", push: batch(1), wantLog: "Per-minute rollup off"},
		{name: "turned on", perMinute: true, push: batch(3), wantView: true, wantCalls: 2, wantUnique: 2, wantLog: "Per-minute rollup on"},
		// The rollup counts physical rows: a replayed batch counts again (documented: approximate).
		{name: "unchanged on", perMinute: true, push: batch(3), wantView: true, wantCalls: 4, wantUnique: 2},
		// A feedback-only (logs) exporter with the default config does not undo it.
		{name: "logs exporter leaves it", logsOnly: true, wantView: true, wantCalls: 4, wantUnique: 2},
		{name: "turned off keeps the rows", push: batch(5), wantCalls: 4, wantUnique: 2, wantLog: "Per-minute rollup off"},
		{name: "unchanged off", push: batch(7), wantCalls: 4, wantUnique: 2},
	}
	for _, step := range steps {
		core, logs := observer.New(zapcore.InfoLevel)
		cfg := createDefaultConfig()
		cfg.Endpoint, cfg.Database = chtest.Endpoint(t), db
		cfg.Rollups.PerMinute = step.perMinute
		exp := newAnalyticsExporter(cfg, zap.New(core))
		exp.managesRollups = !step.logsOnly // as the factory sets it for traces, not logs
		require.NoError(t, exp.open(ctx, componenttest.NewNopHost()), step.name)
		require.NoError(t, exp.ensureReady(ctx), step.name)
		require.Equal(t, step.wantView, viewExists(), step.name)
		if step.push != nil {
			require.NoError(t, exp.pushSpanRows(ctx, step.push), step.name)
		}
		require.NoError(t, exp.shutdown(ctx), step.name)

		calls, unique := rollup()
		require.Equal(t, step.wantCalls, calls, step.name)
		require.Equal(t, step.wantUnique, unique, step.name)
		rollupLogs := logs.FilterMessageSnippet("Per-minute rollup").All()
		if step.wantLog == "" {
			require.Empty(t, rollupLogs, step.name)
			continue
		}
		require.Len(t, rollupLogs, 1, step.name)
		require.Contains(t, rollupLogs[0].Message, step.wantLog, step.name)
	}
	var events uint64
	require.NoError(t, conn.QueryRow(ctx, "SELECT count() FROM `"+db+"`.genai_events FINAL").Scan(&events))
	require.Equal(t, uint64(8), events, "genai_events has every call whatever the rollup setting")
}

// The view recreated by rollups.per_minute is the one migration 0020 defines, in every schema
// layout.
func TestPerMinuteViewStatements(t *testing.T) {
	for _, cfg := range []*Config{
		{Database: "ai_analytics"},
		{Database: "ai_analytics", ClusterName: "analytics"},
		{Database: "ai_analytics", ClusterName: "analytics", ClusterNodes: []string{"tcp://a:9000", "tcp://b:9000"}, TableEngine: "merge_tree"},
	} {
		stmts, err := perMinuteViewStatements(newSchemaParams(cfg))
		require.NoError(t, err)
		require.Len(t, stmts, 1)
		require.Contains(t, stmts[0], "CREATE MATERIALIZED VIEW IF NOT EXISTS `ai_analytics`.genai_events_1m_mv")
		if cfg.ClusterName != "" {
			require.Contains(t, stmts[0], "TO `ai_analytics`.genai_events_1m_local")
			require.Contains(t, stmts[0], "FROM `ai_analytics`.genai_events_local")
		}
	}
}
