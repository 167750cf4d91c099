package analyticsapiextension

import "github.com/ClickHouse/clickhouse-go/v2"

// clusterReadSettings makes the analyses run when the tables are Distributed (the exporter's
// cluster mode, docs/scale-out.md). ClickHouse refuses an IN or JOIN subquery over a
// Distributed table inside a query over a Distributed table by default; "allow" runs such a
// subquery on each shard over the whole cluster, so its answer is the full one whatever the
// sharding ("global" would ship it once, but fails on the cohort query's CTE members). On one
// node the setting has no effect. A value given in the endpoint DSN wins.
func clusterReadSettings(opts *clickhouse.Options) {
	if opts.Settings == nil {
		opts.Settings = clickhouse.Settings{}
	}
	if _, ok := opts.Settings["distributed_product_mode"]; !ok {
		opts.Settings["distributed_product_mode"] = "allow"
	}
}
