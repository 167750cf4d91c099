package clickhouseanalyticsexporter

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/exporter/exportertest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/exporter/clickhouseanalyticsexporter/internal/metadata"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
)

// newTestExporter starts an exporter (no queue, so errors surface) on a fresh database.
func newTestExporter(t *testing.T) (*analyticsExporter, string) {
	t.Helper()
	conn := chtest.Conn(t)
	cfg := createDefaultConfig()
	cfg.Endpoint = chtest.Endpoint(t)
	cfg.Database = chtest.NewDatabase(t, conn)
	exp := newAnalyticsExporter(cfg, nil)
	require.NoError(t, exp.start(context.Background(), componenttest.NewNopHost()))
	t.Cleanup(func() { require.NoError(t, exp.shutdown(context.Background())) })
	return exp, cfg.Database
}

func analyticsSpan(ss ptrace.ScopeSpans, traceByte byte, tenant, model string, in, out int64, cost float64) ptrace.Span {
	span := ss.Spans().AppendEmpty()
	span.SetTraceID(pcommon.TraceID{traceByte, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	span.SetSpanID(pcommon.SpanID{traceByte, 1, 2, 3, 4, 5, 6, 7})
	start := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	span.SetStartTimestamp(pcommon.NewTimestampFromTime(start))
	span.SetEndTimestamp(pcommon.NewTimestampFromTime(start.Add(1500 * time.Millisecond)))
	a := span.Attributes()
	a.PutStr(genai.KeyEventID, genai.EventIDFor(span.TraceID(), span.SpanID()).String())
	a.PutStr(genai.KeyTenantID, tenant)
	a.PutStr(genai.KeyUserID, "u-1")
	a.PutStr(genai.KeyOperationName, "chat")
	a.PutStr(genai.KeyProviderName, "openai")
	a.PutStr(genai.KeyRequestModel, model)
	a.PutInt(genai.KeyInputTokens, in)
	a.PutInt(genai.KeyOutputTokens, out)
	a.PutDouble(genai.KeyCostUSD, cost)
	a.PutStr(genai.KeyCostSource, genai.CostSourceBuiltin)
	a.PutStr(genai.KeyQuery, "¿Cuánto cuesta el plan Pro?")
	a.PutStr(genai.KeyResponse, "I don't know")
	a.PutBool(genai.KeyZeroResult, true)
	a.PutStr(genai.KeyZeroResultReason, "phrase")
	a.PutStr("app.feature", "search")
	a.PutEmptySlice(genai.KeyAnomalyFlags).AppendEmpty().SetStr("latency")
	return span
}

func TestExporterWritesGenAIRowsOnly(t *testing.T) {
	exp, db := newTestExporter(t)
	td := ptrace.NewTraces()
	rs := td.ResourceSpans().AppendEmpty()
	rs.Resource().Attributes().PutStr("service.name", "support-bot")
	ss := rs.ScopeSpans().AppendEmpty()
	analyticsSpan(ss, 1, "acme", "gpt-4o-mini", 12, 34, 0.0000222)
	analyticsSpan(ss, 2, "globex", "gpt-4o", 1000, 200, 0.0045)
	ss.Spans().AppendEmpty().SetName("GET /plans") // not GenAI: must not be written

	require.NoError(t, exp.pushTraces(context.Background(), td))

	type row struct {
		Tenant    string
		Model     string
		In, Out   uint32
		Cost      *float64
		Query     string
		Zero      bool
		Flags     []string
		Attrs     map[string]string
		Service   string
		LatencyMs float64
	}
	rows, err := exp.conn.Query(context.Background(), "SELECT tenant_id, request_model, input_tokens, output_tokens, cost_usd, query, zero_result, anomaly_flags, attributes, service_name, latency_ms FROM "+quoteIdent(db)+".genai_events ORDER BY tenant_id")
	require.NoError(t, err)
	var got []row
	for rows.Next() {
		var r row
		require.NoError(t, rows.Scan(&r.Tenant, &r.Model, &r.In, &r.Out, &r.Cost, &r.Query, &r.Zero, &r.Flags, &r.Attrs, &r.Service, &r.LatencyMs))
		got = append(got, r)
	}
	require.NoError(t, rows.Err())
	require.Len(t, got, 2)
	assert.Equal(t, "acme", got[0].Tenant)
	assert.Equal(t, "gpt-4o-mini", got[0].Model)
	assert.Equal(t, uint32(12), got[0].In)
	assert.Equal(t, uint32(34), got[0].Out)
	require.NotNil(t, got[0].Cost)
	assert.InDelta(t, 0.0000222, *got[0].Cost, 1e-12)
	assert.Equal(t, "¿Cuánto cuesta el plan Pro?", got[0].Query)
	assert.True(t, got[0].Zero)
	assert.Equal(t, []string{"latency"}, got[0].Flags)
	assert.Equal(t, map[string]string{"app.feature": "search"}, got[0].Attrs)
	assert.Equal(t, "support-bot", got[0].Service)
	assert.InDelta(t, 1500.0, got[0].LatencyMs, 1e-9)
	assert.Equal(t, "globex", got[1].Tenant)
}

// TestExporterRetryIsDeduplicated sends the same batch twice, as the retry sender would after a
// timeout whose insert had in fact succeeded: ClickHouse must keep one copy.
func TestExporterRetryIsDeduplicated(t *testing.T) {
	exp, db := newTestExporter(t)
	td := ptrace.NewTraces()
	ss := td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty()
	for i := byte(1); i <= 5; i++ {
		analyticsSpan(ss, i, "acme", "gpt-4o-mini", 10, 10, 0.001)
	}
	require.NoError(t, exp.pushTraces(context.Background(), td))
	require.NoError(t, exp.pushTraces(context.Background(), td))

	var count uint64
	require.NoError(t, exp.conn.QueryRow(context.Background(), "SELECT count() FROM "+quoteIdent(db)+".genai_events").Scan(&count))
	assert.Equal(t, uint64(5), count)
}

func TestMigrationsAreIdempotent(t *testing.T) {
	exp, db := newTestExporter(t)
	// A second start (another collector, or a restart) must find nothing left to do.
	require.NoError(t, migrate(context.Background(), exp.conn, exp.cfg))
	var versions uint64
	require.NoError(t, exp.conn.QueryRow(context.Background(), "SELECT count() FROM "+quoteIdent(db)+".schema_migrations FINAL").Scan(&versions))
	migrations, err := loadMigrations()
	require.NoError(t, err)
	assert.Equal(t, uint64(len(migrations)), versions)
}

func TestTTLRendered(t *testing.T) {
	conn := chtest.Conn(t)
	cfg := createDefaultConfig()
	cfg.Endpoint = chtest.Endpoint(t)
	cfg.Database = chtest.NewDatabase(t, conn)
	cfg.TTL.Events = 48 * time.Hour
	require.NoError(t, migrate(context.Background(), conn, cfg))
	var ddl string
	require.NoError(t, conn.QueryRow(context.Background(), "SELECT create_table_query FROM system.tables WHERE database = ? AND name = 'genai_events'", cfg.Database).Scan(&ddl))
	assert.Contains(t, ddl, "TTL toDateTime(timestamp) + toIntervalSecond(172800)")
}

// TestStartsWithoutClickHouseAndRetries: a collector restarted during an outage must start and
// queue; each export fails with a retryable error naming the endpoint until ClickHouse answers.
func TestStartsWithoutClickHouseAndRetries(t *testing.T) {
	cfg := createDefaultConfig()
	cfg.Endpoint = "tcp://127.0.0.1:1?dial_timeout=200ms"
	exp := newAnalyticsExporter(cfg, nil)
	require.NoError(t, exp.start(context.Background(), componenttest.NewNopHost()))
	td := ptrace.NewTraces()
	analyticsSpan(td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty(), 1, "acme", "gpt-4o", 1, 1, 0.1)
	err := exp.pushTraces(context.Background(), td)
	require.ErrorContains(t, err, "connecting to ClickHouse at tcp://127.0.0.1:1")
	require.False(t, consumererror.IsPermanent(err), "an outage must be retried, not dropped")
	require.NoError(t, exp.shutdown(context.Background()))
}

func TestFactoryCreatesBothSignals(t *testing.T) {
	factory := NewFactory()
	cfg := factory.CreateDefaultConfig()
	set := exportertest.NewNopSettings(metadata.Type)
	te, err := factory.CreateTraces(context.Background(), set, cfg)
	require.NoError(t, err)
	require.NotNil(t, te)
	le, err := factory.CreateLogs(context.Background(), set, cfg)
	require.NoError(t, err)
	require.NotNil(t, le)
}

// A TTL configured after the tables exist reaches them at the next start; an unchanged one
// is not applied again (MODIFY TTL recomputes every part's TTL); 0 leaves a TTL in place.
func TestTTLChangesReachExistingTables(t *testing.T) {
	ctx := context.Background()
	conn := chtest.Conn(t)
	cfg := createDefaultConfig()
	cfg.Endpoint = chtest.Endpoint(t)
	cfg.Database = chtest.NewDatabase(t, conn)
	tableDDL := func(table string) string {
		var ddl string
		require.NoError(t, conn.QueryRow(ctx, "SELECT create_table_query FROM system.tables WHERE database = ? AND name = ?", cfg.Database, table).Scan(&ddl))
		return ddl
	}
	// genai_feedback keeps its 24h TTL throughout.
	metadataChanged := func() time.Time {
		var at time.Time
		require.NoError(t, conn.QueryRow(ctx, "SELECT metadata_modification_time FROM system.tables WHERE database = ? AND name = 'genai_feedback'", cfg.Database).Scan(&at))
		return at
	}
	require.NoError(t, migrate(ctx, conn, cfg))
	require.NotContains(t, tableDDL("genai_events"), "TTL")

	steps := []struct {
		name                string
		events, feedback    time.Duration
		wantEvents, wantFbk string // "" = no TTL clause
	}{
		{"set after creation", 48 * time.Hour, 24 * time.Hour, "TTL toDateTime(timestamp) + toIntervalSecond(172800)", "TTL toDateTime(timestamp) + toIntervalSecond(86400)"},
		{"changed", 72 * time.Hour, 24 * time.Hour, "TTL toDateTime(timestamp) + toIntervalSecond(259200)", "TTL toDateTime(timestamp) + toIntervalSecond(86400)"},
		{"0 leaves it", 0, 24 * time.Hour, "TTL toDateTime(timestamp) + toIntervalSecond(259200)", "TTL toDateTime(timestamp) + toIntervalSecond(86400)"},
	}
	for _, step := range steps {
		cfg.TTL.Events, cfg.TTL.Feedback = step.events, step.feedback
		require.NoError(t, migrate(ctx, conn, cfg), step.name)
		assert.Contains(t, tableDDL("genai_events"), step.wantEvents, step.name)
		assert.Contains(t, tableDDL("genai_feedback"), step.wantFbk, step.name)
		assert.NotContains(t, tableDDL("genai_funnel_events"), "TTL", step.name)
	}
	before := metadataChanged()
	time.Sleep(1100 * time.Millisecond) // the time has a resolution of seconds
	require.NoError(t, migrate(ctx, conn, cfg))
	assert.Equal(t, before, metadataChanged(), "an unchanged TTL is not applied again")
}

// ttl.text empties the query and response of older calls and keeps their rows (metrics,
// fingerprint), gives feedback comments the same TTL, and is not applied again unchanged.
func TestTextTTLEmptiesOldTexts(t *testing.T) {
	exp, db := newTestExporter(t)
	ctx := context.Background()
	now := time.Now().UTC()
	rows := &spanRows{}
	for i, age := range []time.Duration{10 * 24 * time.Hour, 3 * 24 * time.Hour, time.Hour} {
		rows.events = append(rows.events, genai.Event{
			EventID:   genai.EventIDFor([16]byte{byte(i + 1), 9}, [8]byte{byte(i + 1)}),
			Timestamp: now.Add(-age), TenantID: "acme", Query: fmt.Sprintf("question %d", i), Response: "answer",
			QueryFingerprint: uint64(i + 1), InputTokens: 10,
		})
	}
	require.NoError(t, exp.pushSpanRows(ctx, rows))

	cfg := *exp.cfg
	cfg.TTL.Text = 48 * time.Hour
	require.NoError(t, migrate(ctx, exp.conn, &cfg))
	type row struct {
		Query       string `ch:"query"`
		Response    string `ch:"response"`
		Fingerprint uint64 `ch:"query_fingerprint"`
		Tokens      uint32 `ch:"input_tokens"`
	}
	want := []row{{"", "", 1, 10}, {"", "", 2, 10}, {"question 2", "answer", 3, 10}}
	var got []row
	require.Eventually(t, func() bool {
		got = nil
		require.NoError(t, exp.conn.Select(ctx, &got, "SELECT query, response, query_fingerprint, input_tokens FROM "+quoteIdent(db)+".genai_events FINAL ORDER BY timestamp"))
		return assert.ObjectsAreEqual(want, got)
	}, 30*time.Second, 100*time.Millisecond, "got %v", got)

	var comment string
	require.NoError(t, exp.conn.QueryRow(ctx, "SELECT create_table_query FROM system.tables WHERE database = ? AND name = 'genai_feedback'", db).Scan(&comment))
	require.Contains(t, columnDefinition(comment, "comment"), "TTL toDateTime(timestamp) + toIntervalSecond(172800)", "feedback comments are text too")

	var before, after time.Time
	modified := "SELECT metadata_modification_time FROM system.tables WHERE database = ? AND name = 'genai_events'"
	require.NoError(t, exp.conn.QueryRow(ctx, modified, db).Scan(&before))
	time.Sleep(1100 * time.Millisecond) // the time has a resolution of seconds
	require.NoError(t, migrate(ctx, exp.conn, &cfg))
	require.NoError(t, exp.conn.QueryRow(ctx, modified, db).Scan(&after))
	require.Equal(t, before, after, "an unchanged text TTL is not applied again")
}
