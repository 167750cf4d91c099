package analyticsapiextension

import "github.com/ClickHouse/clickhouse-go/v2"

// clusterReadSettings makes the analyses correct when the tables are Distributed (the
// exporter's cluster mode, docs/scale-out.md): an IN or JOIN subquery over a Distributed table
// runs once on the node the API is connected to, and its result is sent to every shard
// (GLOBAL IN/JOIN). ClickHouse's default refuses such queries; on one node the setting has no
// effect. A value given in the endpoint DSN wins.
func clusterReadSettings(opts *clickhouse.Options) {
	if opts.Settings == nil {
		opts.Settings = clickhouse.Settings{}
	}
	if _, ok := opts.Settings["distributed_product_mode"]; !ok {
		opts.Settings["distributed_product_mode"] = "global"
	}
}
