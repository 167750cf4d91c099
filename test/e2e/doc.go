// Package e2e runs the built distribution against the real local ClickHouse: OTLP in over gRPC
// and HTTP, analytics rows out. `make test` provides both OTELCOL_BINARY and
// CLICKHOUSE_TEST_ENDPOINT.
package e2e
