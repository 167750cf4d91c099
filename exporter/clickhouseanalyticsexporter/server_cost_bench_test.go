package clickhouseanalyticsexporter

import (
	"context"
	"fmt"
	"maps"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
)

// BenchmarkServerCost measures what inserting genai_events costs the ClickHouse SERVER (issue 7):
// the CPU time of the server process (utime+stime of /proc/PID/stat) over a run of inserts plus a
// settle period for background merges, minus the server's idle CPU over the same time, per 10k
// rows. Each variant gets a fresh database built from the embedded migrations; "before" is the
// schema and insert settings before issue 7 (migrations < 0050, optimize_on_insert = 1), "after"
// is everything as it is now with the default config (no per-minute rollup view), and every
// other variant changes one thing of "before" or of "after". Variants
// are interleaved over rounds because the machine is shared. Rows are exactly what production
// inserts: loadgen spans through the genaianalytics processor, eventsFromTraces, and the same
// columns and encoding as insertEvents (costInsert) with eventInsertSettings.
//
// It needs a ClickHouse of its own (nothing else may use it while it runs):
//
//	CLICKHOUSE_INSTANCE=chcost CLICKHOUSE_TCP_PORT=29000 CLICKHOUSE_HTTP_PORT=28123 scripts/clickhouse.sh start
//	CLICKHOUSE_TEST_ENDPOINT=tcp://127.0.0.1:29000 CHCOST_SERVER_PID=$(cat .data/clickhouse-chcost.pid) \
//	  go test ./exporter/clickhouseanalyticsexporter -run '^$' -bench ServerCost -benchtime 1x -timeout 2h
//
// CHCOST_VARIANTS (comma-separated names, default all), CHCOST_ROUNDS (2), CHCOST_BATCHES (20),
// CHCOST_BATCH (10000) and CHCOST_SETTLE (10s) tune it.
func BenchmarkServerCost(b *testing.B) {
	pid := os.Getenv("CHCOST_SERVER_PID")
	if pid == "" {
		b.Skip("CHCOST_SERVER_PID is not set (the pid of a ClickHouse server used by nothing else)")
	}
	rounds, nBatches, batchSize := envInt("CHCOST_ROUNDS", 2), envInt("CHCOST_BATCHES", 20), envInt("CHCOST_BATCH", 10_000)
	settle := 10 * time.Second
	if s := os.Getenv("CHCOST_SETTLE"); s != "" {
		d, err := time.ParseDuration(s)
		require.NoError(b, err)
		settle = d
	}
	variants := serverCostVariants()
	if sel := os.Getenv("CHCOST_VARIANTS"); sel != "" {
		byName := map[string]costVariant{}
		for _, v := range variants {
			byName[v.name] = v
		}
		variants = nil
		for _, n := range strings.Split(sel, ",") {
			v, ok := byName[strings.TrimSpace(n)]
			require.True(b, ok, "unknown variant %q", n)
			variants = append(variants, v)
		}
	}

	// The batches, built once: fresh span and event ids per batch, as BenchmarkPushTraces.
	td := processedSpans(b, batchSize)
	batches := make([][]genai.Event, nBatches)
	for i := range batches {
		renumber(td, uint32(i+1))
		batches[i] = eventsFromTraces(td)
	}
	conn := chtest.Conn(b)
	ctx := context.Background()

	// Idle CPU of the server (system log flushes, background schedule), subtracted below.
	c0, t0 := serverCPU(b, pid), time.Now()
	time.Sleep(10 * time.Second)
	idle := (serverCPU(b, pid) - c0).Seconds() / time.Since(t0).Seconds()
	fmt.Printf("server idle CPU: %.4f s/s\n", idle)

	type result struct{ total, insert []float64 }
	results := map[string]*result{}
	for round := range rounds {
		for _, v := range variants {
			db := chtest.NewDatabase(b, conn)
			require.NoError(b, conn.Exec(ctx, "CREATE DATABASE "+quoteIdent(db)))
			cfg := createDefaultConfig()
			cfg.Database = db
			p := newSchemaParams(cfg)
			migrations, err := loadMigrations()
			require.NoError(b, err)
			for _, m := range migrations {
				if !v.current && m.version >= firstIssue7Migration {
					continue
				}
				stmts, err := m.render(p)
				require.NoError(b, err)
				for _, stmt := range stmts {
					if v.transform != nil {
						stmt = v.transform(stmt)
					}
					require.NoError(b, conn.Exec(ctx, stmt), "%s: %s", v.name, stmt)
				}
			}
			if v.current {
				cfg.Rollups.PerMinute = v.perMinute
				require.NoError(b, reconcileRollups(ctx, conn, cfg, zap.NewNop()))
			}
			for _, stmt := range v.post {
				stmt = strings.ReplaceAll(stmt, "{db}", p.DB)
				require.NoError(b, conn.Exec(ctx, stmt), "%s: %s", v.name, stmt)
			}
			insert := func(events []genai.Event) error {
				settings := eventInsertSettings(events)
				if !v.current {
					settings["optimize_on_insert"] = 1 // the server default before issue 7
				}
				maps.Copy(settings, v.settings)
				return costInsert(ctx, conn, db, events, settings)
			}

			time.Sleep(2 * time.Second) // let the DDL's own work settle
			c0, t0 := serverCPU(b, pid), time.Now()
			for _, events := range batches {
				require.NoError(b, insert(events))
			}
			c1, t1 := serverCPU(b, pid), time.Now()
			// Background merges: wait for them to finish, and at least `settle`.
			for time.Since(t1) < settle || mergesRunning(b, conn, db) {
				time.Sleep(500 * time.Millisecond)
			}
			c2, t2 := serverCPU(b, pid), time.Now()
			per := float64(nBatches*batchSize) / 10_000
			ins := ((c1 - c0).Seconds() - idle*t1.Sub(t0).Seconds()) / per
			tot := ((c2 - c0).Seconds() - idle*t2.Sub(t0).Seconds()) / per
			var parts uint64
			var bytes uint64
			require.NoError(b, conn.QueryRow(ctx, "SELECT count(), sum(bytes_on_disk) FROM system.parts WHERE database = ? AND table = 'genai_events' AND active", db).Scan(&parts, &bytes))
			fmt.Printf("round %d %-22s insert %.3f s/10k  total %.3f s/10k  wall %.1fs  parts %d  %.1f MB\n",
				round, v.name, ins, tot, t1.Sub(t0).Seconds(), parts, float64(bytes)/1e6)
			r := results[v.name]
			if r == nil {
				r = &result{}
				results[v.name] = r
			}
			r.insert = append(r.insert, ins)
			r.total = append(r.total, tot)
			if os.Getenv("AIANALYTICS_KEEP_TEST_DB") != "1" {
				require.NoError(b, conn.Exec(ctx, "DROP DATABASE IF EXISTS "+quoteIdent(db)+" SYNC"))
			}
		}
	}
	fmt.Printf("\n%-22s %-28s %s\n", "variant", "insert s/10k (runs)", "insert+merges s/10k (runs)")
	for _, v := range variants {
		r := results[v.name]
		fmt.Printf("%-22s %-28s %s\n", v.name, fmtRuns(r.insert), fmtRuns(r.total))
	}
}

type costVariant struct {
	name      string
	transform func(stmt string) string // applied to every rendered migration statement
	post      []string                 // run after the migrations; {db} is the quoted database
	settings  clickhouse.Settings      // insert settings on top of the exporter's
	// current: every embedded migration and the exporter's insert settings as they are; otherwise
	// the schema and settings before issue 7 (migrations < 0050, optimize_on_insert = 1), which
	// the exploratory variants change one thing of.
	current bool
	// perMinute: a current schema with rollups.per_minute on (the default is off).
	perMinute bool
}

// firstIssue7Migration is the first migration of issue 7 (0050_genai_events_insert_cost.sql).
const firstIssue7Migration = 50

// costInsert is insertEvents with the given settings: the same columns and encoding.
func costInsert(ctx context.Context, conn driver.Conn, db string, events []genai.Event, settings clickhouse.Settings) error {
	ctx = clickhouse.Context(ctx, clickhouse.WithSettings(settings))
	batch, err := conn.PrepareBatch(ctx, "INSERT INTO "+quoteIdent(db)+".genai_events ("+eventColumnNames()+")")
	if err != nil {
		return err
	}
	defer func() { _ = batch.Abort() }()
	if err := appendEventColumns(batch, events); err != nil {
		return err
	}
	return batch.Send()
}

func serverCostVariants() []costVariant {
	dropIdx := func(names ...string) []string {
		var out []string
		for _, n := range names {
			out = append(out, "ALTER TABLE {db}.genai_events DROP INDEX idx_"+n)
		}
		return out
	}
	replace := func(old, new string) func(string) string {
		return func(s string) string { return strings.ReplaceAll(s, old, new) }
	}
	return []costVariant{
		{name: "before"}, // schema and settings before issue 7
		{name: "after", current: true},
		{name: "noidx_all", post: dropIdx("response_id", "user_id", "session_id", "trace_id")},
		{name: "noidx_session", post: dropIdx("session_id")},
		{name: "noidx_session_trace", post: dropIdx("session_id", "trace_id")},
		{name: "text_zstd1", post: []string{
			"ALTER TABLE {db}.genai_events MODIFY COLUMN query String CODEC(ZSTD(1))",
			"ALTER TABLE {db}.genai_events MODIFY COLUMN response String CODEC(ZSTD(1))"}},
		{name: "text_lz4", post: []string{
			"ALTER TABLE {db}.genai_events MODIFY COLUMN query String CODEC(LZ4)",
			"ALTER TABLE {db}.genai_events MODIFY COLUMN response String CODEC(LZ4)"}},
		{name: "attrs_lz4", post: []string{
			"ALTER TABLE {db}.genai_events MODIFY COLUMN attributes Map(LowCardinality(String), String) CODEC(LZ4)"}},
		{name: "no_1m_mv", post: []string{"DROP VIEW {db}.genai_events_1m_mv"}},
		{name: "1m_no_uniq", transform: func(s string) string {
			return regexp.MustCompile(`\s*uniqState\(src_event_id\) AS unique_events,`).ReplaceAllString(s, "")
		}},
		{name: "no_users_mv", post: []string{"DROP VIEW {db}.genai_users_mv"}},
		{name: "no_mvs", post: []string{"DROP VIEW {db}.genai_events_1m_mv", "DROP VIEW {db}.genai_users_mv"}},
		{name: "no_embedding", post: []string{"ALTER TABLE {db}.genai_events DROP COLUMN query_embedding"}},
		{name: "month_partition", transform: replace("PARTITION BY toDate(timestamp)", "PARTITION BY toYYYYMM(timestamp)")},
		{name: "no_optimize_on_insert", settings: clickhouse.Settings{"optimize_on_insert": 0}},
		{name: "no_dedup_window", post: []string{"ALTER TABLE {db}.genai_events MODIFY SETTING non_replicated_deduplication_window = 0"}},
		{name: "plain_mergetree", transform: replace("ENGINE = ReplacingMergeTree(inserted_at)", "ENGINE = MergeTree()")},
		{name: "parallel_views", settings: clickhouse.Settings{"parallel_view_processing": 1}},
		{name: "1m_no_tdigest", transform: func(s string) string {
			return regexp.MustCompile(`,\s*quantilesTDigestState\(0.5, 0.9, 0.95, 0.99\)\(src_latency_ms\) AS latency_ms`).ReplaceAllString(s, "")
		}},
		// Changes of the current schema ("after").
		{name: "after_with_1m_mv", current: true, perMinute: true},
		// The per-minute view without one of its aggregate states (the table keeps the column,
		// filled with empty states).
		{name: "after_1m_no_tdigest", current: true, post: perMinuteViewWithout(`,\s*quantilesTDigestState\(0.5, 0.9, 0.95, 0.99\)\(src_latency_ms\) AS latency_ms`)},
		{name: "after_1m_no_uniq", current: true, post: perMinuteViewWithout(`\s*uniqState\(src_event_id\) AS unique_events,`)},
		{name: "after_no_users_mv", current: true, post: []string{"DROP VIEW {db}.genai_users_mv"}},
		{name: "after_lz4", current: true, post: []string{
			"ALTER TABLE {db}.genai_events MODIFY COLUMN query String CODEC(LZ4)",
			"ALTER TABLE {db}.genai_events MODIFY COLUMN response String CODEC(LZ4)",
			"ALTER TABLE {db}.genai_events MODIFY COLUMN attributes Map(LowCardinality(String), String) CODEC(LZ4)"}},
		{name: "after_noidx", current: true, post: dropIdx("response_id", "user_id", "trace_id")},
		{name: "after_no_embedding", current: true, post: []string{"ALTER TABLE {db}.genai_events DROP COLUMN query_embedding"}},
		// What migration 0050 and the exporter's insert settings do together, by hand.
		{name: "candidate", settings: clickhouse.Settings{"optimize_on_insert": 0}, post: append(dropIdx("session_id"),
			"ALTER TABLE {db}.genai_events MODIFY COLUMN query String CODEC(ZSTD(1))",
			"ALTER TABLE {db}.genai_events MODIFY COLUMN response String CODEC(ZSTD(1))")},
	}
}

// perMinuteViewWithout is the per-minute rollup view of migration 0020 with the parts matching
// pattern removed, as a post statement of a variant.
func perMinuteViewWithout(pattern string) []string {
	stmts, err := perMinuteViewStatements(newSchemaParams(&Config{Database: "view_template"}))
	if err != nil || len(stmts) != 1 {
		panic(fmt.Sprintf("per-minute view: %v", err))
	}
	stmt := regexp.MustCompile(pattern).ReplaceAllString(stmts[0], "")
	return []string{strings.ReplaceAll(stmt, "`view_template`", "{db}")}
}

// serverCPU is the user+system CPU time of process pid (clock ticks of 100 Hz).
func serverCPU(b *testing.B, pid string) time.Duration {
	b.Helper()
	raw, err := os.ReadFile("/proc/" + pid + "/stat")
	require.NoError(b, err)
	s := string(raw)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+2:]) // fields from 3 (state) on
	ut, err := strconv.ParseInt(fields[14-3], 10, 64)
	require.NoError(b, err)
	st, err := strconv.ParseInt(fields[15-3], 10, 64)
	require.NoError(b, err)
	return time.Duration(ut+st) * 10 * time.Millisecond
}

func mergesRunning(b *testing.B, conn driver.Conn, db string) bool {
	b.Helper()
	var n uint64
	require.NoError(b, conn.QueryRow(context.Background(), "SELECT count() FROM system.merges WHERE database = ?", db).Scan(&n))
	return n > 0
}

func envInt(name string, def int) int {
	if s := os.Getenv(name); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			return n
		}
	}
	return def
}

func fmtRuns(xs []float64) string {
	if len(xs) == 0 {
		return "-"
	}
	var sum float64
	parts := make([]string, len(xs))
	for i, x := range xs {
		sum += x
		parts[i] = fmt.Sprintf("%.3f", x)
	}
	return fmt.Sprintf("%.3f (%s)", sum/float64(len(xs)), strings.Join(parts, " "))
}
