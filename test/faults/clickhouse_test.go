//go:build faults

package faults

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/collectortest"
)

// repoRoot is where scripts/ and config/ live, relative to this package.
var repoRoot = filepath.Join("..", "..")

// chInstance is a ClickHouse of this test alone, started and stopped through
// scripts/clickhouse.sh with its own instance name, ports and data dir, so stopping it never
// touches the shared ClickHouse other tests use.
type chInstance struct {
	name      string
	tcp, http int
}

// startInstance starts a fresh instance (its data dir removed first) and removes it again when
// the test ends.
func startInstance(t *testing.T, name string) *chInstance {
	t.Helper()
	ch := &chInstance{name: "faults-" + name, tcp: collectortest.FreePort(t), http: collectortest.FreePort(t)}
	ch.script(t, "stop") // a leftover of an interrupted run
	if err := os.RemoveAll(ch.dataDir()); err != nil {
		t.Fatalf("removing %s: %v", ch.dataDir(), err)
	}
	ch.start(t)
	t.Cleanup(func() {
		ch.script(t, "stop")
		if !t.Failed() { // kept for debugging otherwise
			_ = os.RemoveAll(ch.dataDir())
			_ = os.Remove(ch.dataDir() + ".log")
			_ = os.Remove(ch.dataDir() + ".log.previous")
			_ = os.Remove(ch.dataDir() + ".lock")
		}
	})
	return ch
}

func (ch *chInstance) dataDir() string {
	abs, _ := filepath.Abs(filepath.Join(repoRoot, ".data", "clickhouse-"+ch.name))
	return abs
}

// gone reports, with the tail of its log, when the instance's process no longer exists, so a
// test fails at once instead of waiting out its timeouts.
func (ch *chInstance) gone() error {
	raw, err := os.ReadFile(ch.dataDir() + ".pid")
	if err != nil {
		return fmt.Errorf("ClickHouse instance %s has no pidfile: %w", ch.name, err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err != nil {
		return fmt.Errorf("ClickHouse instance %s pidfile: %w", ch.name, err)
	}
	if syscall.Kill(pid, 0) == nil {
		return nil
	}
	logTail, _ := os.ReadFile(ch.dataDir() + ".log")
	if len(logTail) > 2000 {
		logTail = logTail[len(logTail)-2000:]
	}
	return fmt.Errorf("ClickHouse instance %s (pid %d) died; its log ends with:\n%s", ch.name, pid, logTail)
}

func (ch *chInstance) endpoint() string { return fmt.Sprintf("tcp://127.0.0.1:%d", ch.tcp) }

func (ch *chInstance) start(t *testing.T) { t.Helper(); ch.script(t, "start") }
func (ch *chInstance) stop(t *testing.T)  { t.Helper(); ch.script(t, "stop") }

func (ch *chInstance) script(t *testing.T, verb string) {
	t.Helper()
	cmd := exec.Command("bash", filepath.Join(repoRoot, "scripts", "clickhouse.sh"), verb)
	env := []string{}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CLICKHOUSE_") { // never an external endpoint or other ports
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "CLICKHOUSE_INSTANCE="+ch.name,
		fmt.Sprintf("CLICKHOUSE_TCP_PORT=%d", ch.tcp), fmt.Sprintf("CLICKHOUSE_HTTP_PORT=%d", ch.http))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("clickhouse.sh %s (instance %s): %v\n%s", verb, ch.name, err, out)
	}
}

// conn opens a native connection to the instance, closed at the end of the test.
func (ch *chInstance) conn(t *testing.T) driver.Conn {
	t.Helper()
	conn, err := clickhouse.Open(&clickhouse.Options{
		Addr:     []string{fmt.Sprintf("127.0.0.1:%d", ch.tcp)},
		Settings: clickhouse.Settings{"max_execution_time": 60},
	})
	if err != nil {
		t.Fatalf("opening ClickHouse %s: %v", ch.name, err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := conn.Ping(ctx); err != nil {
		t.Fatalf("ClickHouse %s does not answer: %v", ch.name, err)
	}
	return conn
}
