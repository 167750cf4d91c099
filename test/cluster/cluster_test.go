//go:build cluster

package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics/analyticstest"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/loadgen"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/collectortest"
)

// spansFrom places the spans sent through the collectors after the golden dataset's range, so
// the dataset's expected answers stay valid for its own range.
var spansFrom = analyticstest.To.Add(24 * time.Hour)

// TestClusterMatchesSingleNode runs one collector on a single ClickHouse and one on the two-shard
// cluster, feeds both the same data — the golden analytics dataset written through the
// (Distributed) tables, and generated GenAI spans sent through each collector's OTLP receiver —
// and requires every analytics API answer to be identical, and rows to be on both shards.
func TestClusterMatchesSingleNode(t *testing.T) {
	nodes := startCluster(t)
	single := openConn(t, chtest.Endpoint(t))
	db := chtest.NewDatabase(t, single) // the cluster's copy goes with the nodes' data dirs

	type instance struct {
		grpc int
		api  api
	}
	start := func(endpoint, cluster string) instance {
		grpcPort, health, apiPort := collectortest.FreePort(t), collectortest.FreePort(t), collectortest.FreePort(t)
		collectortest.Start(t, collectorConfig(grpcPort, health, apiPort, endpoint, db, cluster), health)
		return instance{grpc: grpcPort, api: newAPI(apiPort)}
	}
	one := start(chtest.Endpoint(t), "")
	two := start(nodes[0].endpoint(), clusterOptions(nodes))

	ctx := context.Background()
	n1, n2 := nodes[0].conn(t), nodes[1].conn(t)
	const tables = "SELECT count() FROM system.tables WHERE database = ? AND name IN ('genai_events', 'genai_events_local', 'genai_anomalies', 'genai_anomalies_local')"
	chtest.Eventually(t, 60*time.Second, "the exporter's schema on one node and on both shards", func() (bool, error) {
		var a, b, c uint64
		err := errors.Join(single.QueryRow(ctx, tables, db).Scan(&a), n1.QueryRow(ctx, tables, db).Scan(&b), n2.QueryRow(ctx, tables, db).Scan(&c))
		return a == 2 && b == 4 && c == 4, err
	})

	// The golden dataset, written the same way to the single node and through node 1's
	// Distributed tables (which spread it over both shards).
	data := analyticstest.Generate(11, analyticstest.Options{Users: 40, EventsPerUser: 15, WithEmbeddings: true})
	require.NoError(t, data.Insert(ctx, single, db))
	require.NoError(t, data.Insert(ctx, n1, db))

	// Generated spans through each collector's OTLP receiver (processor + exporter).
	const spans = 3000
	for _, in := range []instance{one, two} {
		sendSpans(t, in.grpc, spans)
	}
	for _, in := range []struct {
		name string
		rows func() uint64
	}{
		{"single node", func() uint64 {
			return count(t, single, fmt.Sprintf("SELECT count() FROM `%s`.genai_events WHERE timestamp >= ?", db), spansFrom)
		}},
		{"cluster", func() uint64 {
			return count(t, n1, fmt.Sprintf("SELECT count() FROM `%s`.genai_events WHERE timestamp >= ?", db), spansFrom)
		}},
	} {
		chtest.Eventually(t, 60*time.Second, in.name+" has every generated span", func() (bool, error) { return in.rows() == spans, nil })
	}

	t.Run("rows on both shards", func(t *testing.T) {
		total := count(t, single, fmt.Sprintf("SELECT count() FROM `%s`.genai_events", db))
		var sum uint64
		for i, c := range []*node{nodes[0], nodes[1]} {
			local := count(t, c.conn(t), fmt.Sprintf("SELECT count() FROM `%s`.genai_events_local", db))
			t.Logf("shard %d: %d of %d genai_events rows", i+1, local, total)
			require.Greater(t, local, total/5, "shard %d holds too few rows: sharding key not spreading", i+1)
			sum += local
		}
		require.Equal(t, total, sum, "the shards together hold exactly the single node's rows")
		for _, table := range []string{"genai_feedback", "genai_funnel_events", "genai_events_1m"} {
			for i, c := range []*node{nodes[0], nodes[1]} {
				require.NotZero(t, count(t, c.conn(t), fmt.Sprintf("SELECT count() FROM `%s`.%s_local", db, table)), "%s on shard %d", table, i+1)
			}
		}
	})

	t.Run("retried insert deduplicated on the shards", func(t *testing.T) {
		// The exporter retries a failed batch with the same insert_deduplication_token; through
		// the Distributed table each shard must drop the block it already has.
		rctx := clickhouse.Context(ctx, clickhouse.WithSettings(clickhouse.Settings{"insert_deduplication_token": "cluster-retry-1"}))
		insert := fmt.Sprintf("INSERT INTO `%s`.genai_funnel_events (event_id, timestamp, tenant_id, user_id, stage) "+
			"SELECT concat('retry-', toString(number)), now64(3), 'retry-tenant', concat('u-', toString(number)), 'converted' FROM numbers(40)", db)
		for range 2 {
			require.NoError(t, n1.Exec(rctx, insert))
		}
		var onShards uint64
		for _, c := range []*node{nodes[0], nodes[1]} {
			n := count(t, c.conn(t), fmt.Sprintf("SELECT count() FROM `%s`.genai_funnel_events_local WHERE tenant_id = 'retry-tenant'", db))
			require.NotZero(t, n, "rows on both shards")
			onShards += n
		}
		require.Equal(t, uint64(40), onShards, "the retried insert added no row")
	})

	one.api.defineCohorts(t)
	two.api.defineCohorts(t)
	f := analytics.Filter{Tenant: analyticstest.Tenant, From: analyticstest.From, To: analyticstest.To}
	t.Run("golden answers", func(t *testing.T) {
		// The cluster's answers are the dataset's expected ones, not only the single node's.
		analyticstest.RequireSameJSON(t, data.ExpectPopularQueries(f, 20), two.api.get(t, "/v1/analytics/popular-queries", f.From, f.To, "limit", "20"))
		analyticstest.RequireSameJSON(t, data.ExpectZeroResults(f), two.api.get(t, "/v1/analytics/zero-results", f.From, f.To))
		analyticstest.RequireSameJSON(t, data.ExpectFunnel(f, analytics.DefaultFunnelStages(), time.Hour, 20), two.api.get(t, "/v1/analytics/funnel", f.From, f.To, "window", "1h"))
	})
	for _, r := range []struct {
		name     string
		from, to time.Time
		golden   bool // every query has data (loadgen has no alerts nor gpt-5.4)
	}{
		{"golden dataset", analyticstest.From, analyticstest.To, true},
		{"spans through the collectors", spansFrom.Add(-time.Hour), spansFrom.Add(48 * time.Hour), false},
	} {
		t.Run(r.name, func(t *testing.T) {
			for _, q := range queries {
				want := one.api.get(t, q.path, r.from, r.to, q.params...)
				got := two.api.get(t, q.path, r.from, r.to, q.params...)
				require.True(t, json.Valid(want), q.path)
				if r.golden {
					require.NotEqual(t, "[]", strings.TrimSpace(string(want)), "%s %v: an empty answer compares nothing", q.path, q.params)
				}
				t.Logf("%s %v: %d bytes", q.path, q.params, len(want))
				analyticstest.RequireSameJSON(t, json.RawMessage(want), got)
			}
		})
	}

	t.Run("changed TTLs reach every shard", func(t *testing.T) {
		// The tables exist with the 10-year TTLs and no text TTL; a collector started with
		// another feedback TTL and a text TTL alters the local tables on every node (the
		// Distributed ones hold no rows).
		grpcPort, health, apiPort := collectortest.FreePort(t), collectortest.FreePort(t), collectortest.FreePort(t)
		cfg := collectorConfig(grpcPort, health, apiPort, nodes[0].endpoint(), db, clusterOptions(nodes))
		cfg = strings.Replace(cfg, "feedback: 87600h", "feedback: 43800h, text: 43800h", 1)
		collectortest.Start(t, cfg, health)
		const ttl = "TTL toDateTime(timestamp) + toIntervalSecond(157680000)"
		ddl := func(c *node, table string) string {
			var out string
			require.NoError(t, c.conn(t).QueryRow(ctx, "SELECT create_table_query FROM system.tables WHERE database = ? AND name = ?", db, table).Scan(&out))
			return out
		}
		for i, c := range []*node{nodes[0], nodes[1]} {
			require.Contains(t, ddl(c, "genai_feedback_local"), ttl, "shard %d", i+1)
			events := ddl(c, "genai_events_local")
			require.Contains(t, events, "`query` String CODEC(ZSTD(1)) "+ttl, "shard %d", i+1)
			require.Contains(t, events, "`response` String CODEC(ZSTD(1)) "+ttl, "shard %d", i+1)
		}
	})
}

// sendSpans sends n generated GenAI spans (tenant acme among others, after the dataset's
// range, same seed every call) to a collector's OTLP gRPC port.
func sendSpans(t *testing.T, grpcPort, n int) {
	t.Helper()
	gen, err := loadgen.New(loadgen.Options{Seed: 7, Tenants: 3, UsersPerTenant: 60, BaseTime: spansFrom,
		Interval: 20 * time.Second, SpansPerRequest: 500, ErrorRate: 0.03, ZeroResultRate: 0.1})
	require.NoError(t, err)
	cc, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", grpcPort), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer cc.Close()
	client := ptraceotlp.NewGRPCClient(cc)
	for sent := 0; sent < n; sent += 500 {
		_, err := client.Export(context.Background(), ptraceotlp.NewExportRequestFromTraces(gen.Next(500)))
		require.NoError(t, err)
	}
}
