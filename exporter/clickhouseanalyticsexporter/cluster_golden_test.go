package clickhouseanalyticsexporter

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/cluster golden files")

// clusterModes are the cluster renderings pinned by golden files: replication cannot run in
// clickhouse-local, so these files are its test (reviewed DDL).
var clusterModes = map[string]func(*Config){
	// Real servers: ON CLUSTER DDL, ReplicatedMergeTree with {uuid}/{shard}/{replica}.
	"on_cluster_replicated": func(cfg *Config) {},
	// Servers without distributed DDL: applied per node, replica path from {database}/{table}.
	"per_node_replicated": func(cfg *Config) {
		cfg.ClusterNodes = []string{"tcp://ch-1:9000", "tcp://ch-2:9000"}
	},
	// What make test-cluster runs on two clickhouse-local nodes.
	"per_node_merge_tree": func(cfg *Config) {
		cfg.ClusterNodes = []string{"tcp://ch-1:9000", "tcp://ch-2:9000"}
		cfg.TableEngine = engineMergeTree
	},
}

func TestClusterDDLGolden(t *testing.T) {
	migrations, err := loadMigrations()
	require.NoError(t, err)
	for mode, set := range clusterModes {
		t.Run(mode, func(t *testing.T) {
			cfg := createDefaultConfig()
			cfg.ClusterName = "analytics"
			set(cfg)
			require.NoError(t, cfg.Validate())
			for _, m := range migrations {
				stmts, err := m.render(newSchemaParams(cfg))
				require.NoError(t, err, m.name)
				got := strings.Join(stmts, ";\n\n") + ";\n"
				path := filepath.Join("testdata", "cluster", mode, m.name)
				if *updateGolden {
					require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
					require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
					continue
				}
				want, err := os.ReadFile(path)
				require.NoError(t, err, "no golden file for %s: review its cluster DDL, then run "+
					"`go test ./exporter/clickhouseanalyticsexporter -run TestClusterDDLGolden -update`", m.name)
				assert.Equal(t, string(want), got, "%s renders differently in %s mode", m.name, mode)
			}
		})
	}
}

var refRE = regexp.MustCompile("`ai_analytics`\\.([A-Za-z0-9_]+)")

// TestClusterLayout checks the rules the golden files embody, independently of their text.
func TestClusterLayout(t *testing.T) {
	cfg := createDefaultConfig()
	cfg.ClusterName = "analytics"
	cfg.ClusterNodes = []string{"tcp://a:9000"}
	cfg.TableEngine = engineMergeTree
	p := newSchemaParams(cfg)
	migrations, err := loadMigrations()
	require.NoError(t, err)
	var all []string
	for _, m := range migrations {
		stmts, err := m.render(p)
		require.NoError(t, err)
		all = append(all, stmts...)
	}
	for table := range shardingKeys {
		assert.True(t, shardedTables()[table], "sharding key for %s, which no migration creates", table)
	}
	joined := strings.Join(all, "\n")
	assert.NotContains(t, joined, "ON CLUSTER", "per-node mode must not use distributed DDL")
	assert.NotContains(t, joined, "Replicated")
	for table := range shardedTables() {
		assert.Contains(t, joined, "CREATE TABLE IF NOT EXISTS `ai_analytics`."+table+"_local", table)
		assert.Contains(t, joined, "ENGINE = Distributed(`analytics`, `ai_analytics`, `"+table+"_local`, "+shardingKey(table)+")", table)
	}
	// Views read and write local tables only.
	for _, s := range all {
		if !strings.HasPrefix(s, "CREATE MATERIALIZED VIEW") {
			continue
		}
		refs := refRE.FindAllStringSubmatch(s, -1)
		require.Greater(t, len(refs), 2, s)
		for _, r := range refs[1:] { // refs[0] is the view itself
			assert.True(t, strings.HasSuffix(r[1], "_local"), "view reads or writes %s: %s", r[1], s)
		}
	}

	bad := createDefaultConfig()
	bad.ClusterNodes = []string{"http://a:8123"}
	bad.TableEngine = "Replicated"
	err = bad.Validate()
	require.ErrorContains(t, err, "cluster_nodes: needs cluster_name")
	require.ErrorContains(t, err, "cluster_nodes[0]")
	require.ErrorContains(t, err, "table_engine:")
}

// TestClusterizeStatementKinds covers statement kinds the current migrations may not have yet.
func TestClusterizeStatementKinds(t *testing.T) {
	cfg := createDefaultConfig()
	cfg.ClusterName = "analytics"
	onCluster := newSchemaParams(cfg)
	cfg.ClusterNodes = []string{"tcp://a:9000"}
	perNode := newSchemaParams(cfg)
	const db = "`ai_analytics`"
	for _, tc := range []struct {
		p    schemaParams
		in   string
		want []string
	}{
		{onCluster, "ALTER TABLE " + db + ".genai_events MODIFY TTL toDateTime(timestamp) + toIntervalDay(1)",
			[]string{"ALTER TABLE " + db + ".genai_events_local MODIFY TTL toDateTime(timestamp) + toIntervalDay(1)"}},
		{onCluster, "ALTER TABLE " + db + ".genai_events ADD COLUMN IF NOT EXISTS x UInt8",
			[]string{"ALTER TABLE " + db + ".genai_events_local ADD COLUMN IF NOT EXISTS x UInt8", "ALTER TABLE " + db + ".genai_events ADD COLUMN IF NOT EXISTS x UInt8"}},
		{onCluster, "INSERT INTO " + db + ".genai_users SELECT * FROM " + db + ".genai_events",
			[]string{"INSERT INTO " + db + ".genai_users SELECT * FROM " + db + ".genai_events"}},
		{perNode, "INSERT INTO " + db + ".genai_users SELECT * FROM " + db + ".genai_events",
			[]string{"INSERT INTO " + db + ".genai_users_local SELECT * FROM " + db + ".genai_events_local"}},
		{onCluster, "CREATE VIEW IF NOT EXISTS " + db + ".v AS SELECT * FROM " + db + ".genai_events",
			[]string{"CREATE VIEW IF NOT EXISTS " + db + ".v AS SELECT * FROM " + db + ".genai_events"}},
		{onCluster, "DROP TABLE IF EXISTS " + db + ".genai_users",
			[]string{"DROP TABLE IF EXISTS " + db + ".genai_users", "DROP TABLE IF EXISTS " + db + ".genai_users_local"}},
		{onCluster, "CREATE MATERIALIZED VIEW " + db + ".genai_events_1m_mv TO " + db + ".genai_events_1m AS SELECT * FROM " + db + ".genai_events",
			[]string{"CREATE MATERIALIZED VIEW " + db + ".genai_events_1m_mv TO " + db + ".genai_events_1m_local AS SELECT * FROM " + db + ".genai_events_local"}},
	} {
		assert.Equal(t, tc.want, tc.p.clusterize([]string{tc.in}), tc.in)
	}
}
