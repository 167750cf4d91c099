// Package collectortest runs the built bin/otelcol-aianalytics in end-to-end tests: a config
// rendered into a temp dir, free loopback ports, a health check before the test goes on, and a
// graceful stop (with the collector's log in the test output on failure).
package collectortest // import "github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/collectortest"

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// EnvBinary names the variable holding the path of the built distribution.
const EnvBinary = "OTELCOL_BINARY"

// Binary returns the path of the built collector or fails the test.
func Binary(tb testing.TB) string {
	tb.Helper()
	bin := os.Getenv(EnvBinary)
	if bin == "" {
		tb.Fatalf("%s is not set: run `make test` (it builds bin/otelcol-aianalytics), or `make build` and export %s=$PWD/bin/otelcol-aianalytics", EnvBinary, EnvBinary)
	}
	if _, err := os.Stat(bin); err != nil {
		tb.Fatalf("%s=%s: %v", EnvBinary, bin, err)
	}
	return bin
}

// FreePort returns a loopback TCP port that nothing listens on, for a process the test starts
// next (a collector, a ClickHouse node). It comes from below the kernel's ephemeral range
// (ip_local_port_range): a port of that range, found free by listening on :0, could be handed to
// an outgoing connection (a ClickHouse client of a parallel test package, say) before the
// process binds it, which once failed make test with "address already in use". Candidates
// walk [20000, the ephemeral range's start) from a random point, one per call in the test
// binary, and each is checked by listening on it.
func FreePort(tb testing.TB) int {
	tb.Helper()
	low, high := portRange()
	for range high - low {
		port := low + int(portCursor.Add(1)%int64(high-low))
		if reservedPorts[port] {
			continue
		}
		if l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			_ = l.Close()
			return port
		}
	}
	tb.Fatalf("finding a free port in [%d, %d): every one is in use", low, high)
	return 0
}

// portCursor spreads the ports of one test binary over the range (a package variable: every
// FreePort call of the process must advance the same walk); the random start keeps test
// binaries running in parallel apart.
var portCursor = func() *atomic.Int64 {
	c := new(atomic.Int64)
	c.Store(rand.Int64N(1 << 30))
	return c
}()

// reservedPorts are fixed ports of this repository inside the range (BenchmarkServerCost's
// ClickHouse instance).
var reservedPorts = map[int]bool{28123: true, 29000: true}

// portRange is where FreePort looks: from 20000 up to the start of the ephemeral range.
func portRange() (low, high int) {
	low, high = 20000, 32768 // Linux's default ephemeral start
	if b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		var first, last int
		if _, err := fmt.Sscan(string(b), &first, &last); err == nil && first > low+1000 {
			high = first
		}
	}
	return low, high
}

// Collector is a running collector process.
type Collector struct {
	cmd     *exec.Cmd
	log     *lockedBuffer
	Dir     string
	done    chan struct{}
	waitErr error
}

// Start writes config (YAML) into a temp dir and starts the binary with it. healthPort must be
// the port of a health_check extension in that config; Start returns once it answers.
// env entries (KEY=VALUE) are added to the process environment.
func Start(tb testing.TB, config string, healthPort int, env ...string) *Collector {
	tb.Helper()
	dir := tb.TempDir()
	cfgPath := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfgPath, []byte(config), 0o600); err != nil {
		tb.Fatalf("writing collector config: %v", err)
	}
	c := &Collector{log: &lockedBuffer{}, Dir: dir, done: make(chan struct{})}
	c.cmd = exec.Command(Binary(tb), "--config", cfgPath)
	c.cmd.Dir = dir
	c.cmd.Env = append(os.Environ(), env...)
	c.cmd.Stdout = c.log
	c.cmd.Stderr = c.log
	if err := c.cmd.Start(); err != nil {
		tb.Fatalf("starting collector: %v", err)
	}
	go func() { c.waitErr = c.cmd.Wait(); close(c.done) }()
	tb.Cleanup(func() {
		c.Stop(tb)
		if tb.Failed() {
			tb.Logf("collector log:\n%s", c.Log())
		}
	})
	healthURL := fmt.Sprintf("http://127.0.0.1:%d/", healthPort)
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-c.done:
			tb.Fatalf("collector exited during start-up (%v); log:\n%s", c.waitErr, c.Log())
		default:
		}
		if resp, err := http.Get(healthURL); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return c
			}
		}
		if time.Now().After(deadline) {
			tb.Fatalf("collector not healthy after 30 s; log:\n%s", c.Log())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Stop sends SIGTERM and waits up to 30 s (then kills). Safe to call twice.
func (c *Collector) Stop(tb testing.TB) {
	tb.Helper()
	select {
	case <-c.done:
		return
	default:
	}
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
	case <-time.After(30 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.done
		tb.Errorf("collector did not stop within 30 s of SIGTERM")
	}
}

// Kill stops the collector with SIGKILL, as a crash would.
func (c *Collector) Kill() {
	_ = c.cmd.Process.Kill()
	<-c.done
}

// Log returns what the collector wrote so far.
func (c *Collector) Log() string { return c.log.String() }

// LogContains reports whether the collector's log holds s.
func (c *Collector) LogContains(s string) bool { return strings.Contains(c.Log(), s) }

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
