package clickhouseanalyticsexporter

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"time"

	"go.opentelemetry.io/collector/config/configopaque"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/config/configretry"
	"go.opentelemetry.io/collector/config/configtls"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
)

// Config of the clickhouseanalytics exporter.
type Config struct {
	TimeoutSettings exporterhelper.TimeoutConfig                             `mapstructure:",squash"`
	BackOffConfig   configretry.BackOffConfig                                `mapstructure:"retry_on_failure"`
	QueueSettings   configoptional.Optional[exporterhelper.QueueBatchConfig] `mapstructure:"sending_queue"`

	// Endpoint of ClickHouse's native protocol, e.g. tcp://127.0.0.1:9000 (clickhouse:// and
	// DSN query parameters such as ?secure=true&dial_timeout=5s are accepted too).
	Endpoint string              `mapstructure:"endpoint"`
	Username string              `mapstructure:"username"`
	Password configopaque.String `mapstructure:"password"`
	// Database holding the analytics tables; created when CreateSchema is true.
	Database string `mapstructure:"database"`
	// CreateSchema applies the embedded migrations at start-up.
	CreateSchema bool `mapstructure:"create_schema"`
	// TTL per table; 0 keeps data forever.
	TTL TTLConfig `mapstructure:"ttl"`
	// Rollups turns the optional pre-aggregated tables on.
	Rollups RollupsConfig `mapstructure:"rollups"`
	// ClusterName, when set, creates the sharded schema (cluster.go, docs/scale-out.md): a
	// <table>_local per node plus a Distributed <table> over the cluster.
	ClusterName string `mapstructure:"cluster_name"`
	// ClusterNodes lists every node's native endpoint. When set, the schema is applied to each
	// node in turn (no ON CLUSTER: for servers without distributed DDL); otherwise it is applied
	// once through Endpoint with ON CLUSTER.
	ClusterNodes []string `mapstructure:"cluster_nodes"`
	// TableEngine: replicated (Replicated*MergeTree with {shard}/{replica} macros) or
	// merge_tree. Empty: replicated with cluster_name, merge_tree otherwise.
	TableEngine string `mapstructure:"table_engine"`
	// Compression of the native protocol: lz4 (default), zstd or none.
	Compression string `mapstructure:"compression"`
	// TLS to ClickHouse (native secure port, usually 9440). Absent: plain TCP unless the
	// endpoint DSN says ?secure=true. `tls: {}` verifies the server against the system roots.
	TLS configoptional.Optional[configtls.ClientConfig] `mapstructure:"tls"`
}

// TTLConfig sets how long each table keeps rows.
type TTLConfig struct {
	Events time.Duration `mapstructure:"events"`
	// Rollups is the TTL of the per-minute rollup tables (genai_events_1m).
	Rollups time.Duration `mapstructure:"rollups"`
	// Feedback and Funnel are the TTLs of genai_feedback and genai_funnel_events.
	Feedback time.Duration `mapstructure:"feedback"`
	Funnel   time.Duration `mapstructure:"funnel"`
	// Anomalies is the TTL of genai_anomalies (by window_start).
	Anomalies time.Duration `mapstructure:"anomalies"`
	// Text is how long genai_events keeps the query and response texts (a column TTL: the
	// rows stay, with their metrics and fingerprint, for Events).
	Text time.Duration `mapstructure:"text"`
}

// RollupsConfig selects the pre-aggregated tables kept next to genai_events.
type RollupsConfig struct {
	// PerMinute fills genai_events_1m (calls, errors, tokens, cost and latency quantiles per
	// minute, tenant, service, provider, model and feature version) on every insert, for
	// dashboards that query ClickHouse directly. Off by default: no analytics endpoint reads
	// it, and it costs the server ~20 % of its ingest CPU.
	PerMinute bool `mapstructure:"per_minute"`
}

// durations returns the TTL per table name as used by the schema templates.
func (t TTLConfig) durations() map[string]time.Duration {
	return map[string]time.Duration{"events": t.Events, "rollups": t.Rollups,
		"feedback": t.Feedback, "funnel": t.Funnel, "anomalies": t.Anomalies, "text": t.Text}
}

const defaultDatabase = "ai_analytics"

var identifierRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,127}$`)

func createDefaultConfig() *Config {
	// Tuned with bench/tune.sh (BENCHMARKS.md, "Tuning"). Large batches suit ClickHouse (few
	// big parts): 5k–20k spans per insert; 2k–10k cost more ClickHouse CPU per span and
	// 10k–50k gained nothing. A full batch fills in 0.5 s at 10k spans/s, so the flush timeout
	// only matters at lower rates: 500 ms instead of 1 s took ingest→queryable at 3k spans/s
	// from p50 718 / p99 1258 ms to 402 / 711 ms and peak RSS from 148 to 103 MiB.
	batch := exporterhelper.NewDefaultBatchConfig()
	batch.FlushTimeout = 500 * time.Millisecond
	batch.MinSize = 5000
	batch.MaxSize = 20000
	queue := exporterhelper.NewDefaultQueueConfig()
	queue.Batch = configoptional.Some(batch)
	// Two inserts in flight keep ClickHouse busy while the next batch is encoded; 4 was
	// within run-to-run noise on 2 cores and holds more batches in memory.
	queue.NumConsumers = 2
	return &Config{
		TimeoutSettings: exporterhelper.NewDefaultTimeoutConfig(),
		BackOffConfig:   configretry.NewDefaultBackOffConfig(),
		QueueSettings:   configoptional.Some(queue),
		Endpoint:        "tcp://127.0.0.1:9000",
		Database:        defaultDatabase,
		CreateSchema:    true,
		Compression:     "lz4",
	}
}

// Validate checks the configuration at start-up.
func (cfg *Config) Validate() error {
	var errs []error
	if cfg.Endpoint == "" {
		errs = append(errs, errors.New("endpoint: must be set, e.g. tcp://127.0.0.1:9000"))
	} else if u, err := url.Parse(cfg.Endpoint); err != nil || u.Host == "" {
		errs = append(errs, fmt.Errorf("endpoint: %q is not a URL like tcp://host:9000", cfg.Endpoint))
	} else if u.Scheme != "tcp" && u.Scheme != "clickhouse" {
		errs = append(errs, fmt.Errorf("endpoint: scheme %q not supported, use tcp:// or clickhouse:// (native protocol)", u.Scheme))
	}
	if !identifierRE.MatchString(cfg.Database) {
		errs = append(errs, fmt.Errorf("database: %q is not a valid identifier ([A-Za-z_][A-Za-z0-9_]*)", cfg.Database))
	}
	if cfg.ClusterName != "" && !identifierRE.MatchString(cfg.ClusterName) {
		errs = append(errs, fmt.Errorf("cluster_name: %q is not a valid identifier ([A-Za-z_][A-Za-z0-9_]*)", cfg.ClusterName))
	}
	errs = append(errs, cfg.validateCluster()...)
	for table, ttl := range cfg.TTL.durations() {
		if ttl < 0 {
			errs = append(errs, fmt.Errorf("ttl.%s: must be >= 0, got %s", table, ttl))
		} else if ttl > 0 && ttl < time.Hour {
			errs = append(errs, fmt.Errorf("ttl.%s: must be at least 1h (or 0 to keep forever), got %s", table, ttl))
		}
	}
	switch cfg.Compression {
	case "", "lz4", "zstd", "none":
	default:
		errs = append(errs, fmt.Errorf("compression: %q not supported (lz4, zstd, none)", cfg.Compression))
	}
	return errors.Join(errs...)
}
