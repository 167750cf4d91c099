// Package collectortest runs the built bin/otelcol-aianalytics in end-to-end tests: a config
// rendered into a temp dir, free loopback ports, a health check before the test goes on, and a
// graceful stop (with the collector's log in the test output on failure).
package collectortest // import "github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/collectortest"

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
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

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort(tb testing.TB) int {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("finding a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
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
