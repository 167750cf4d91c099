package analytics_test

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics/analyticstest"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
)

// EnvBenchEvents sets how many events BenchmarkEndpoints loads (default 100,000; `make
// bench-analytics` uses 10,000,000). The database bench_analytics_<n> is kept between runs and
// reused when it holds the expected number of events.
const EnvBenchEvents = "AIANALYTICS_BENCH_EVENTS"

func benchDatabase(b *testing.B, conn driver.Conn) (string, uint64) {
	total := uint64(100_000)
	if v := os.Getenv(EnvBenchEvents); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		require.NoError(b, err, EnvBenchEvents)
		total = n
	}
	db := fmt.Sprintf("bench_analytics_%d", total)
	ctx := context.Background()
	var have uint64
	if err := conn.QueryRow(ctx, "SELECT count() FROM `"+db+"`.genai_events").Scan(&have); err == nil && have == total {
		analyticstest.Migrate(b, conn, db) // migrations added since the load
		var stored uint64
		require.NoError(b, conn.QueryRow(ctx, "SELECT count() FROM `"+db+"`.genai_funnel_events WHERE stage = 'ai_query'").Scan(&stored))
		if stored > 0 { // loaded when ai_query / response_received were stored rows
			require.NoError(b, analyticstest.LoadBulkFunnel(ctx, conn, db))
		}
		return db, total
	}
	require.NoError(b, conn.Exec(ctx, "DROP DATABASE IF EXISTS `"+db+"` SYNC"))
	analyticstest.Migrate(b, conn, db)
	start := time.Now()
	require.NoError(b, analyticstest.LoadBulk(ctx, conn, db, total))
	b.Logf("loaded %d events into %s in %s", total, db, time.Since(start).Round(time.Second))
	return db, total
}

// BenchmarkEndpoints times every analysis over the whole bulk range of the main tenant (80 % of
// the events), the heaviest scope a request can have. p95-ms is the 95th percentile latency.
func BenchmarkEndpoints(b *testing.B) {
	conn := chtest.Conn(b)
	db, _ := benchDatabase(b, conn)
	store := analytics.NewStore(conn, db, analytics.EnginePriceBook(mustEngine(b)))
	ctx := context.Background()
	f := analytics.Filter{Tenant: analyticstest.BulkTenant, From: analyticstest.BulkFrom,
		To: analyticstest.BulkFrom.Add(analyticstest.BulkDays * 24 * time.Hour)}
	day := f
	day.From = f.To.Add(-24 * time.Hour)
	if err := store.SaveCohort(ctx, f.Tenant, analytics.Cohort{ID: "bench-pro", Kind: analytics.CohortKindCriteria,
		Criteria: &analytics.CohortCriteria{UserSegment: "pro"}, CreatedAt: time.Now().UTC()}); err != nil {
		b.Fatal(err)
	}
	cases := []struct {
		name string
		run  func() error
	}{
		{"popular-queries", func() error { _, err := store.PopularQueries(ctx, f, 20); return err }},
		{"zero-results", func() error { _, err := store.ZeroResults(ctx, f); return err }},
		{"query-clusters", func() error {
			_, err := store.QueryClusters(ctx, f, analytics.ClusterOptions{TopQueries: 200, SampleSize: 5})
			return err
		}},
		{"satisfaction", func() error { _, err := store.Satisfaction(ctx, f, ""); return err }},
		{"satisfaction-by-model", func() error { _, err := store.Satisfaction(ctx, f, "model"); return err }},
		{"satisfaction-response", func() error { _, err := store.ResponseSentiment(ctx, f, "resp-10"); return err }},
		{"funnel", func() error {
			_, err := store.Funnel(ctx, f, analytics.DefaultFunnelStages(), 24*time.Hour, 20)
			return err
		}},
		{"cohorts-compare", func() error { _, err := store.CompareCohorts(ctx, f, []string{"bench-pro"}, "converted"); return err }},
		{"cost-segments-user_segment", func() error { _, err := store.CostSegments(ctx, f, "user_segment", 20); return err }},
		{"cost-segments-user", func() error { _, err := store.CostSegments(ctx, f, "user", 20); return err }},
		{"cost-recommendations", func() error { _, err := store.CostRecommendations(ctx, f, nil); return err }},
		{"anomalies", func() error { _, err := store.Anomalies(ctx, f, "", "", 100); return err }},
		{"popular-queries-last-day", func() error { _, err := store.PopularQueries(ctx, day, 20); return err }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var durations []time.Duration
			for b.Loop() {
				start := time.Now()
				if err := c.run(); err != nil {
					b.Fatal(err)
				}
				durations = append(durations, time.Since(start))
			}
			sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
			p95 := durations[(len(durations)*95+99)/100-1]
			b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
		})
	}
}
