package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"text/template"
	"time"
)

// queueSettings are the exporterhelper sending_queue settings given to BOTH collectors, so the
// comparison measures the exporters, not different batching.
type queueSettings struct {
	QueueSize    int           // requests
	NumConsumers int           // parallel inserts
	BatchMin     int           // spans
	BatchMax     int           // spans
	FlushTimeout time.Duration // a partial batch waits at most this long
}

// collectorSpec describes one run's collector.
type collectorSpec struct {
	Kind        string // "ours", "ours-persistent" or "contrib"
	Binary      string
	Endpoint    string // ClickHouse native endpoint, tcp://host:port
	Database    string
	GRPCPort    int
	Queue       queueSettings
	AsyncInsert bool // contrib only: its async_insert option
	PprofPort   int  // > 0: enable the pprof extension (profiling build only)
	// QueueDir != "": the exporter gets a file_storage-backed (persistent) queue there, as in
	// the shipped config/otelcol-aianalytics.yaml (set for ours-persistent).
	QueueDir string
	// Env is added to the collector's environment (tuning experiments, e.g. GOMEMLIMIT).
	Env []string
	// Compression overrides ours' compression option (tuning experiments); "" keeps its default.
	Compression string
}

// Ours is true for both kinds that run our binary and config (the template's switch).
func (s collectorSpec) Ours() bool { return isOurs(s.Kind) }

// Both pipelines: OTLP gRPC in, the same memory_limiter, the same sending_queue; ours adds the
// genaianalytics processor (it is part of what ours does for the analytics rows).
var configTemplate = template.Must(template.New("cfg").Parse(`
{{- if or .PprofPort .QueueDir}}
extensions:
{{- end}}
{{- if .PprofPort}}
  pprof:
    endpoint: 127.0.0.1:{{.PprofPort}}
{{- end}}
{{- if .QueueDir}}
  file_storage/queue:
    directory: {{.QueueDir}}
    create_directory: true
{{- end}}
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:{{.GRPCPort}}
        max_recv_msg_size_mib: 64
processors:
  memory_limiter:
    check_interval: 1s
    limit_percentage: 80
    spike_limit_percentage: 20
{{- if .Ours}}
  genaianalytics: {}
{{- end}}
exporters:
{{- if .Ours}}
  clickhouseanalytics:
{{- if .Compression}}
    compression: {{.Compression}}
{{- end}}
{{- else}}
  clickhouse:
    async_insert: {{.AsyncInsert}}
{{- end}}
    endpoint: {{.Endpoint}}
    database: {{.Database}}
    create_schema: true
    sending_queue:
{{- if .QueueDir}}
      storage: file_storage/queue
{{- end}}
      sizer: requests
      queue_size: {{.Queue.QueueSize}}
      num_consumers: {{.Queue.NumConsumers}}
      block_on_overflow: true
      batch:
        sizer: items
        min_size: {{.Queue.BatchMin}}
        max_size: {{.Queue.BatchMax}}
        flush_timeout: {{.Queue.FlushTimeout}}
service:
{{- if or .PprofPort .QueueDir}}
  extensions: [{{if .PprofPort}}pprof{{end}}{{if and .PprofPort .QueueDir}}, {{end}}{{if .QueueDir}}file_storage/queue{{end}}]
{{- end}}
  telemetry:
    logs:
      level: warn
    metrics:
      level: none
  pipelines:
    traces:
      receivers: [otlp]
{{- if .Ours}}
      processors: [memory_limiter, genaianalytics]
      exporters: [clickhouseanalytics]
{{- else}}
      processors: [memory_limiter]
      exporters: [clickhouse]
{{- end}}
`))

// collector is a running collector process.
type collector struct {
	cmd     *exec.Cmd
	logPath string
	exited  chan error
}

// startCollector writes the config into dir, starts the binary and waits until the OTLP port
// accepts connections (receivers start last, so the exporter is up by then).
func startCollector(spec collectorSpec, dir string) (*collector, error) {
	var cfg bytes.Buffer
	if err := configTemplate.Execute(&cfg, spec); err != nil {
		return nil, fmt.Errorf("rendering config: %w", err)
	}
	base := filepath.Join(dir, spec.Database)
	if err := os.WriteFile(base+".yaml", cfg.Bytes(), 0o644); err != nil {
		return nil, fmt.Errorf("writing config: %w", err)
	}
	logf, err := os.Create(base + ".log")
	if err != nil {
		return nil, fmt.Errorf("creating log: %w", err)
	}
	defer logf.Close()
	cmd := exec.Command(spec.Binary, "--config", base+".yaml")
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = append(os.Environ(), spec.Env...)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", spec.Binary, err)
	}
	c := &collector{cmd: cmd, logPath: base + ".log", exited: make(chan error, 1)}
	go func() { c.exited <- cmd.Wait() }()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-c.exited:
			return nil, fmt.Errorf("%s exited during start-up (%v); log %s:\n%s", spec.Kind, err, c.logPath, tail(c.logPath))
		default:
		}
		if conn, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", spec.GRPCPort), time.Second); err == nil {
			_ = conn.Close()
			return c, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	c.stop()
	return nil, fmt.Errorf("%s did not listen on :%d within 60s; log %s", spec.Kind, spec.GRPCPort, c.logPath)
}

// stop sends SIGTERM (the exporter drains its queue) and SIGKILL after 30 s.
func (c *collector) stop() {
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.exited:
	case <-time.After(30 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.exited
	}
}

// userHZ is the unit of utime/stime in /proc/<pid>/stat: fixed at 100 by the Linux ABI.
const userHZ = 100

// cpuSeconds is user+system CPU time the process has used so far.
func (c *collector) cpuSeconds() (float64, error) { return processCPUSeconds(c.cmd.Process.Pid) }

// processCPUSeconds reads utime+stime of any process (the collector, or a local ClickHouse).
func processCPUSeconds(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("reading stat: %w", err)
	}
	// The command name may hold spaces: the fields that follow start after the last ')'.
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0, errors.New("short /proc stat line")
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64) // field 14 of stat(5)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64) // field 15
	if err := errors.Join(err1, err2); err != nil {
		return 0, fmt.Errorf("parsing stat: %w", err)
	}
	return float64(utime+stime) / userHZ, nil
}

// peakRSSMB is VmHWM (peak resident set size) in MiB.
func (c *collector) peakRSSMB() (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		return 0, fmt.Errorf("reading status: %w", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err != nil {
				return 0, fmt.Errorf("parsing VmHWM: %w", err)
			}
			return kb / 1024, nil
		}
	}
	return 0, errors.New("no VmHWM in status")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tail returns the last lines of a log file for error messages.
func tail(path string) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-15):], "\n")
}

// waitCtx sleeps for d unless ctx ends first.
func waitCtx(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}
