package clickhouseanalyticsexporter

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/exportertest"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/exporter/clickhouseanalyticsexporter/internal/metadata"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
)

// followUpTraces is one analytics span carrying a derived follow-up (distinct per traceByte).
func followUpTraces(traceByte byte) ptrace.Traces {
	td := ptrace.NewTraces()
	span := analyticsSpan(td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty(), traceByte, "acme", "gpt-4o-mini", 10, 10, 0.001)
	a := span.Attributes()
	a.PutStr(genai.KeySessionID, "s-1")
	a.PutStr(feedback.KeyFollowUpResponseID, fmt.Sprintf("chatcmpl-%d", traceByte))
	a.PutStr(feedback.KeyFollowUpTraceID, "0102030405060708090a0b0c0d0e0f10")
	a.PutStr(feedback.KeyFollowUpSpanID, "0102030405060708")
	a.PutInt(feedback.KeyFollowUpTime, span.StartTimestamp().AsTime().UnixNano())
	a.PutDouble(feedback.KeyFollowUpGapMs, 30000)
	return td
}

// factoryOnTestDatabase is the factory's default configuration on a fresh test database.
func factoryOnTestDatabase(t *testing.T) (exporter.Factory, *Config, driver.Conn) {
	t.Helper()
	conn := chtest.Conn(t)
	factory := NewFactory()
	cfg := factory.CreateDefaultConfig().(*Config)
	cfg.Endpoint = chtest.Endpoint(t)
	cfg.Database = chtest.NewDatabase(t, conn)
	return factory, cfg, conn
}

// TestFailingFeedbackTableDoesNotBlockEvents: the traces exporter as the factory builds it
// (queues, retries) keeps writing genai_events while genai_feedback refuses inserts; the
// derived follow-ups wait in their own queue and land once the table accepts them again.
func TestFailingFeedbackTableDoesNotBlockEvents(t *testing.T) {
	factory, cfg, conn := factoryOnTestDatabase(t)
	cfg.QueueSettings.Get().Batch.Get().FlushTimeout = 50 * time.Millisecond
	cfg.BackOffConfig.InitialInterval = 50 * time.Millisecond
	cfg.BackOffConfig.MaxInterval = 200 * time.Millisecond
	cfg.BackOffConfig.MaxElapsedTime = 0
	te, err := factory.CreateTraces(context.Background(), exportertest.NewNopSettings(metadata.Type), cfg)
	require.NoError(t, err)
	require.NoError(t, te.Start(context.Background(), componenttest.NewNopHost()))
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			require.NoError(t, te.Shutdown(context.Background()))
		}
	})
	ctx := context.Background()
	count := func(table string) uint64 {
		var n uint64
		require.NoError(t, conn.QueryRow(ctx, "SELECT count() FROM "+quoteIdent(cfg.Database)+"."+table+" FINAL").Scan(&n))
		return n
	}
	waitFor := func(table string, want uint64) {
		t.Helper()
		require.Eventually(t, func() bool { return count(table) == want }, 30*time.Second, 50*time.Millisecond,
			"%s: %d rows, want %d", table, count(table), want)
	}

	// One follow-up part in genai_feedback, then a limit of one part: every further insert is
	// refused (TOO_MANY_PARTS, retryable).
	require.NoError(t, te.ConsumeTraces(ctx, followUpTraces(1)))
	waitFor("genai_events", 1)
	waitFor("genai_feedback", 1)
	require.NoError(t, conn.Exec(ctx, "ALTER TABLE "+quoteIdent(cfg.Database)+".genai_feedback MODIFY SETTING parts_to_throw_insert = 1"))

	// One batch at a time: were the follow-ups written in the traces push, each failing batch
	// would hold one of the queue's consumers in its retries, and the third batch would wait.
	for i := byte(2); i <= 6; i++ {
		require.NoError(t, te.ConsumeTraces(ctx, followUpTraces(i)))
		waitFor("genai_events", uint64(i))
	}
	time.Sleep(500 * time.Millisecond)
	assert.Equal(t, uint64(1), count("genai_feedback"), "the fault holds")

	require.NoError(t, conn.Exec(ctx, "ALTER TABLE "+quoteIdent(cfg.Database)+".genai_feedback RESET SETTING parts_to_throw_insert"))
	waitFor("genai_feedback", 6)

	// Shutdown drains both queues; nothing is inserted twice.
	stopped = true
	require.NoError(t, te.Shutdown(context.Background()))
	var raw uint64
	require.NoError(t, conn.QueryRow(ctx, "SELECT count() FROM "+quoteIdent(cfg.Database)+".genai_events").Scan(&raw))
	assert.Equal(t, uint64(6), raw)
}

// TestDerivedFollowUpsAreBatched: the follow-ups of several traces batches are inserted
// together (the derived queue batches like the traces queue), not as one small genai_feedback
// part per traces batch.
func TestDerivedFollowUpsAreBatched(t *testing.T) {
	factory, cfg, conn := factoryOnTestDatabase(t)
	batch := cfg.QueueSettings.Get().Batch.Get()
	batch.MinSize, batch.FlushTimeout = 3, 10*time.Second
	te, err := factory.CreateTraces(context.Background(), exportertest.NewNopSettings(metadata.Type), cfg)
	require.NoError(t, err)
	require.NoError(t, te.Start(context.Background(), componenttest.NewNopHost()))
	t.Cleanup(func() { require.NoError(t, te.Shutdown(context.Background())) })
	ctx := context.Background()

	// Three traces batches of three spans (min_size), each with one follow-up among them.
	for b := byte(0); b < 3; b++ {
		td := followUpTraces(10*b + 1)
		ss := td.ResourceSpans().At(0).ScopeSpans().At(0)
		analyticsSpan(ss, 10*b+2, "acme", "gpt-4o-mini", 1, 1, 0.001)
		analyticsSpan(ss, 10*b+3, "acme", "gpt-4o-mini", 1, 1, 0.001)
		require.NoError(t, te.ConsumeTraces(ctx, td))
	}
	type part struct {
		Rows   uint64 `ch:"rows"`
		Blocks int64  `ch:"blocks"`
	}
	var parts []part
	require.Eventually(t, func() bool {
		parts = nil
		require.NoError(t, conn.Select(ctx, &parts, "SELECT rows, max_block_number - min_block_number + 1 AS blocks FROM system.parts WHERE database = ? AND table = 'genai_feedback' AND active", cfg.Database))
		return len(parts) > 0
	}, 30*time.Second, 50*time.Millisecond)
	// One insert: a part of one block (parts merged afterwards span several).
	require.Equal(t, []part{{Rows: 3, Blocks: 1}}, parts)
}
