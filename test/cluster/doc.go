// Package cluster tests scale-out on one machine (issue 10): a two-shard ClickHouse cluster of
// two local engines, the exporter's cluster mode and the analytics API reading through the
// Distributed tables, and a two-tier collector setup routing by tenant. Build tag `cluster`
// keeps it out of `go test ./...`: run `make test-cluster`.
package cluster
