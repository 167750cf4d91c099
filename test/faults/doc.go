// Package faults holds the reliability tests of the distribution (issue 8): ClickHouse outages,
// a collector killed with SIGKILL, one table failing, SIGTERM under load. Each scenario runs the
// built binary against its own ClickHouse instance (never the shared one, which it stops and
// restarts), drives it with the load generator over gRPC and asserts that every accepted span
// is stored exactly once under FINAL.
//
// The tests carry the build tag `faults` so that `go test ./...` does not compile them (they
// take minutes): `make test-faults` runs them at full length (60 s outage), `make test` runs
// them with -short (15 s faults).
package faults
