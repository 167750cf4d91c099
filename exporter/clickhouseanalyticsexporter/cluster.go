package clickhouseanalyticsexporter

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// Cluster mode (cluster_name set). Every table of the embedded migrations becomes
//
//	<table>_local  the MergeTree-family table holding this node's shard (its engine from the
//	               migration; Replicated* when table_engine is replicated)
//	<table>        a Distributed table over the cluster with the same columns
//
// so the exporter inserts into, and the analytics API reads from, the same names as on a single
// node. Materialized views are rewritten to read and write the local tables: each shard rolls
// up its own rows, and reads through the Distributed rollup re-aggregate across shards.

const (
	engineReplicated = "replicated"
	engineMergeTree  = "merge_tree"
)

// replicatedEngines tells whether table_engine asks for Replicated engines.
func (cfg *Config) replicatedEngines() bool {
	if cfg.TableEngine == "" {
		return cfg.ClusterName != ""
	}
	return cfg.TableEngine == engineReplicated
}

func (cfg *Config) validateCluster() []error {
	var errs []error
	switch cfg.TableEngine {
	case "", engineReplicated, engineMergeTree:
	default:
		errs = append(errs, fmt.Errorf("table_engine: %q not supported (%s, %s)", cfg.TableEngine, engineReplicated, engineMergeTree))
	}
	if len(cfg.ClusterNodes) > 0 && cfg.ClusterName == "" {
		errs = append(errs, errors.New("cluster_nodes: needs cluster_name (the cluster the Distributed tables span)"))
	}
	for i, n := range cfg.ClusterNodes {
		if u, err := url.Parse(n); err != nil || u.Host == "" || (u.Scheme != "tcp" && u.Scheme != "clickhouse") {
			errs = append(errs, fmt.Errorf("cluster_nodes[%d]: %q is not a native endpoint like tcp://host:9000", i, n))
		}
	}
	return errs
}

// shardingKeys maps a table to its Distributed sharding key. A key must be a function of
// columns that are the same in every version of a row (replays, late content replacements,
// resent feedback), so all versions meet on one shard and ReplacingMergeTree/FINAL deduplicate
// there. tenant_id + user_id keeps a user's events, feedback and funnel on one shard.
var shardingKeys = map[string]string{
	"genai_events":         "cityHash64(tenant_id, user_id)",
	"genai_feedback":       "cityHash64(tenant_id, user_id)",
	"genai_funnel_events":  "cityHash64(tenant_id, user_id)",
	"genai_users":          "cityHash64(tenant_id, user_id)",
	"genai_cohorts":        "cityHash64(tenant_id, cohort_id)",
	"genai_cohort_members": "cityHash64(tenant_id, cohort_id)",
	"genai_anomalies":      "cityHash64(tenant_id, alert_id)",
}

// defaultShardingKey serves tables without an entry: every table's key starts with tenant_id.
const defaultShardingKey = "cityHash64(tenant_id)"

func shardingKey(table string) string {
	if k, ok := shardingKeys[table]; ok {
		return k
	}
	return defaultShardingKey
}

// localSuffix names the per-node table behind a Distributed table.
const localSuffix = "_local"

// createdTable returns the table a CREATE TABLE statement creates in database db (as quoted in
// the statement: `db` when rendered, {{.DB}} in a template).
func createdTable(stmt, db string) (string, bool) {
	re := regexp.MustCompile(`(?is)^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?` + regexp.QuoteMeta(db) + `\.([A-Za-z0-9_]+)`)
	if g := re.FindStringSubmatch(stmt); g != nil {
		return g[1], true
	}
	return "", false
}

// shardedTables are the MergeTree-family tables the embedded migrations create; the same
// set for every rendering, so a later migration's reference to an earlier table is rewritten.
var shardedTables = sync.OnceValue(func() map[string]bool {
	out := map[string]bool{}
	ms, err := loadMigrations()
	if err != nil {
		return out // loadMigrations fails again, with its error, when migrating
	}
	for _, m := range ms {
		for _, stmt := range splitStatements(m.body) {
			if name, ok := createdTable(stmt, "{{.DB}}"); ok && strings.Contains(stmt, "MergeTree") {
				out[name] = true
			}
		}
	}
	return out
})

var (
	stmtCreateTableRE = regexp.MustCompile(`(?is)^CREATE\s+TABLE\b`)
	stmtAlterTableRE  = regexp.MustCompile(`(?is)^ALTER\s+TABLE\b`)
	stmtInsertRE      = regexp.MustCompile(`(?is)^INSERT\b`)
	stmtMatViewRE     = regexp.MustCompile(`(?is)^CREATE\s+MATERIALIZED\s+VIEW\b`)
	stmtDropTableRE   = regexp.MustCompile(`(?is)^DROP\s+TABLE\b`)
	// Column changes must reach the Distributed table too; other ALTERs (TTL, indexes,
	// settings) only concern the storage.
	alterColumnsRE = regexp.MustCompile(`(?is)\b(ADD|DROP|MODIFY|RENAME)\s+COLUMN\b`)
)

// localRef rewrites every `db`.<sharded table> in stmt to its local table.
func (p schemaParams) localRef(stmt string) string {
	re := regexp.MustCompile(regexp.QuoteMeta(p.DB) + `\.([A-Za-z0-9_]+)\b`)
	tables := shardedTables()
	return re.ReplaceAllStringFunc(stmt, func(m string) string {
		name := strings.TrimPrefix(m, p.DB+".")
		if tables[name] {
			return m + localSuffix
		}
		return m
	})
}

// clusterize turns single-node statements into the cluster layout.
func (p schemaParams) clusterize(stmts []string) []string {
	var out []string
	for _, stmt := range stmts {
		switch {
		case stmtCreateTableRE.MatchString(stmt):
			out = append(out, p.localRef(stmt))
			if name, ok := createdTable(stmt, p.DB); ok && shardedTables()[name] {
				out = append(out, p.distributedDDL(name))
			}
		case stmtAlterTableRE.MatchString(stmt):
			out = append(out, p.localRef(stmt))
			if alterColumnsRE.MatchString(stmt) {
				out = append(out, stmt)
			}
		case stmtMatViewRE.MatchString(stmt):
			// Each shard's view reads and writes its own local tables.
			out = append(out, p.localRef(stmt))
		case stmtInsertRE.MatchString(stmt):
			if p.perNode {
				out = append(out, p.localRef(stmt)) // run on every node: local to local
			} else {
				out = append(out, stmt) // run once: every row lands on its shard
			}
		case stmtDropTableRE.MatchString(stmt):
			out = append(out, stmt, p.localRef(stmt))
		default:
			// Plain views and anything else read the cluster-wide (Distributed) tables.
			out = append(out, stmt)
		}
	}
	return out
}

// distributedDDL creates the Distributed table named like the migration's table.
func (p schemaParams) distributedDDL(table string) string {
	onCluster := ""
	if c := p.OnCluster(); c != "" {
		onCluster = " " + c
	}
	return fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s.%s%s AS %s.%s ENGINE = Distributed(%s, %s, %s, %s)",
		p.DB, table, onCluster, p.DB, table+localSuffix,
		quoteIdent(p.cluster), quoteIdent(p.database), quoteIdent(table+localSuffix), shardingKey(table))
}

// replicaPath is where a replicated table keeps its metadata in (Zoo)Keeper. With ON CLUSTER,
// {uuid} is the same on every replica of one CREATE; per node each CREATE has its own uuid, so
// the path is built from the database and table names instead.
func (p schemaParams) replicaPath() string {
	if p.perNode {
		return "'/clickhouse/tables/{shard}/{database}/{table}', '{replica}'"
	}
	return "'/clickhouse/tables/{uuid}/{shard}', '{replica}'"
}

// eachNode wraps a schema step so that, with cluster_nodes, it runs on every node in turn
// (clickhouse-local and servers without distributed DDL); otherwise on conn only.
func eachNode(apply func(context.Context, driver.Conn, *Config) error) func(context.Context, driver.Conn, *Config) error {
	return func(ctx context.Context, conn driver.Conn, cfg *Config) error {
		if len(cfg.ClusterNodes) == 0 {
			return apply(ctx, conn, cfg)
		}
		for _, node := range cfg.ClusterNodes {
			nodeCfg := *cfg
			nodeCfg.Endpoint = node
			nc, err := openConn(&nodeCfg)
			if err != nil {
				return fmt.Errorf("cluster node %s: %w", node, err)
			}
			err = apply(ctx, nc, cfg)
			_ = nc.Close()
			if err != nil {
				return fmt.Errorf("cluster node %s: %w", node, err)
			}
		}
		return nil
	}
}

// clusterInsertSettings makes inserts into Distributed tables synchronous: an insert returns
// once every shard has its rows, so a failing shard fails the export, which the queue retries
// (the per-batch deduplication tokens make the retry safe on the shards that had the rows).
// ClickHouse's default would accept the rows into a local spool of the node the exporter is
// connected to and send them later, out of sight of the retry logic. A DSN value wins.
func clusterInsertSettings(cfg *Config, opts *clickhouse.Options) {
	if cfg.ClusterName == "" {
		return
	}
	if opts.Settings == nil {
		opts.Settings = clickhouse.Settings{}
	}
	if _, ok := opts.Settings["distributed_foreground_insert"]; !ok {
		opts.Settings["distributed_foreground_insert"] = 1
	}
}
