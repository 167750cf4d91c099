// Package chtest gives integration tests a real ClickHouse: the endpoint that `make test`
// provisions, and a fresh database per test that is dropped afterwards. Tests never skip when
// ClickHouse is missing: they fail and say how to provide it.
package chtest // import "github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// EnvEndpoint names the variable holding the native endpoint of the test ClickHouse.
const EnvEndpoint = "CLICKHOUSE_TEST_ENDPOINT"

// Endpoint returns the native endpoint (tcp://host:port) or fails the test.
func Endpoint(tb testing.TB) string {
	tb.Helper()
	ep := strings.TrimSpace(os.Getenv(EnvEndpoint))
	if ep == "" {
		tb.Fatalf("%s is not set: run `make test` (it starts a local ClickHouse), or start one with `make clickhouse` and export %s=tcp://127.0.0.1:9000", EnvEndpoint, EnvEndpoint)
	}
	return ep
}

// Conn opens a native connection to the test ClickHouse, closed at the end of the test.
func Conn(tb testing.TB) driver.Conn {
	tb.Helper()
	opts, err := clickhouse.ParseDSN(Endpoint(tb))
	if err != nil {
		tb.Fatalf("parsing %s: %v", EnvEndpoint, err)
	}
	conn, err := clickhouse.Open(opts)
	if err != nil {
		tb.Fatalf("opening ClickHouse: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := conn.Ping(ctx); err != nil {
		tb.Fatalf("ClickHouse at %s does not answer: %v", Endpoint(tb), err)
	}
	tb.Cleanup(func() { _ = conn.Close() })
	return conn
}

// NewDatabase returns the name of a database unique to this test; it is dropped when the test
// ends (kept when AIANALYTICS_KEEP_TEST_DB=1, for debugging).
func NewDatabase(tb testing.TB, conn driver.Conn) string {
	tb.Helper()
	name := fmt.Sprintf("test_%d_%08x", time.Now().Unix(), rand.Uint32())
	tb.Cleanup(func() {
		if os.Getenv("AIANALYTICS_KEEP_TEST_DB") == "1" {
			tb.Logf("keeping database %s", name)
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = conn.Exec(ctx, "DROP DATABASE IF EXISTS `"+name+"` SYNC")
	})
	return name
}

// Eventually polls cond until it returns true or the timeout passes.
func Eventually(tb testing.TB, timeout time.Duration, what string, cond func() (bool, error)) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	var lastErr error
	for {
		ok, err := cond()
		if ok && err == nil {
			return
		}
		lastErr = err
		if time.Now().After(deadline) {
			tb.Fatalf("timed out after %s waiting for %s (last error: %v)", timeout, what, lastErr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
