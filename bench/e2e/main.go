// Command e2e is the end-to-end benchmark of `make bench`: it runs bin/otelcol-aianalytics and
// the contrib-exporter baseline (.build/otelcol-contrib-bench) against the same ClickHouse
// with the same spans and the same sending_queue settings, interleaved (ours, contrib, ours,
// contrib …), and writes every run as JSON for bench/report.
//
// Collector kinds (-kinds): ours and contrib keep the sending_queue in memory;
// ours-persistent is ours with the file_storage (persistent) queue of the shipped
// config/otelcol-aianalytics.yaml, in a directory per run that is removed after it.
//
// Per collector and round it runs two phases, each with a fresh collector and database:
//   - throughput: flat-out OTLP/gRPC sending for -duration (the collectors block instead of
//     refusing when their queue is full), then waits until every accepted span is a row;
//     spans/s = distinct rows / time from first send to last row counted;
//   - latency: -latency-rate spans/s for -latency-duration plus one marker span every 50 ms;
//     p50/p99 of the time from sending a marker to it being selectable.
//
// CPU seconds come from /proc/<pid>/stat (utime+stime), peak RSS from VmHWM.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/loadgen"
)

type options struct {
	ours, contrib      string
	clickhouse         string
	rounds             int
	kinds              []string
	phases             []string
	duration           time.Duration
	latencyDuration    time.Duration
	latencyRate        float64
	workers            int
	spansPerRequest    int
	poolRequests       int
	queue              queueSettings
	contribAsyncInsert bool
	keepDB             bool
	pprof              bool
	oursCompression    string
	oursEnv            string
	clickhousePID      int
	oursFileQueue      bool
	oursEndpointParams string
	dialects           []loadgen.DialectShare
	dialectMix         string
	out                string
}

// kinds are the collector kinds -kinds accepts.
var kinds = []string{"ours", "ours-persistent", "contrib"}

// isOurs reports whether kind runs our binary and config (pipeline, sink tables, tuning flags).
func isOurs(kind string) bool { return kind == "ours" || kind == "ours-persistent" }

func (o options) binary(kind string) string {
	if isOurs(kind) {
		return o.ours
	}
	return o.contrib
}

// resolveKinds validates -kinds and applies the deprecated -ours-file-queue, which now runs
// kind ours as ours-persistent (so results never call a persistent-queue run "ours").
func resolveKinds(in []string, oursFileQueue bool) ([]string, error) {
	out := make([]string, 0, len(in))
	seen := map[string]bool{}
	for _, k := range in {
		if !slices.Contains(kinds, k) {
			return nil, fmt.Errorf("unknown kind %q (%s)", k, strings.Join(kinds, ", "))
		}
		if k == "ours" && oursFileQueue {
			k = "ours-persistent"
		}
		if seen[k] {
			return nil, fmt.Errorf("kind %s twice in -kinds %s (with -ours-file-queue, ours is ours-persistent)", k, strings.Join(in, ","))
		}
		seen[k] = true
		out = append(out, k)
	}
	return out, nil
}

func parseFlags() options {
	var o options
	var kindList, phases string
	flag.StringVar(&o.ours, "ours", "bin/otelcol-aianalytics", "our collector binary")
	flag.StringVar(&o.contrib, "contrib", ".build/otelcol-contrib-bench/otelcol-contrib-bench", "baseline collector binary (bench/contrib/builder-config.yaml)")
	flag.StringVar(&o.clickhouse, "clickhouse", "tcp://127.0.0.1:9000", "ClickHouse native endpoint")
	flag.IntVar(&o.clickhousePID, "clickhouse-pid", 0, "pid of a local ClickHouse server, to report its CPU per 10k spans too")
	flag.IntVar(&o.rounds, "rounds", 3, "interleaved rounds (each: every kind per phase, in -kinds order)")
	flag.StringVar(&kindList, "kinds", "ours,contrib", "collectors to run, in order per round and phase: ours, contrib, ours-persistent (ours with the shipped config's file_storage queue)")
	flag.StringVar(&phases, "phases", "throughput,latency", "phases to run per round")
	flag.DurationVar(&o.duration, "duration", 30*time.Second, "flat-out sending time of the throughput phase")
	flag.DurationVar(&o.latencyDuration, "latency-duration", 30*time.Second, "sending time of the latency phase")
	flag.Float64Var(&o.latencyRate, "latency-rate", 10_000, "spans/s of the latency phase")
	flag.IntVar(&o.workers, "workers", 4, "OTLP requests in flight")
	flag.IntVar(&o.spansPerRequest, "spans-per-request", 100, "spans per OTLP request")
	flag.IntVar(&o.poolRequests, "pool", 200, "distinct pre-generated requests (cycled, with fresh trace ids)")
	flag.IntVar(&o.queue.QueueSize, "queue-size", 1000, "sending_queue.queue_size (requests), both collectors")
	flag.IntVar(&o.queue.NumConsumers, "num-consumers", 2, "sending_queue.num_consumers, both collectors")
	flag.IntVar(&o.queue.BatchMin, "batch-min", 5000, "sending_queue.batch.min_size (spans), both collectors")
	flag.IntVar(&o.queue.BatchMax, "batch-max", 20000, "sending_queue.batch.max_size (spans), both collectors")
	flag.DurationVar(&o.queue.FlushTimeout, "flush-timeout", 500*time.Millisecond, "sending_queue.batch.flush_timeout, both collectors")
	flag.BoolVar(&o.contribAsyncInsert, "contrib-async-insert", true, "contrib clickhouseexporter async_insert (its default: true)")
	flag.BoolVar(&o.keepDB, "keep-db", false, "keep the bench_* databases")
	flag.StringVar(&o.oursCompression, "ours-compression", "", "tuning: compression option of ours (lz4, zstd, none; empty = its default)")
	flag.StringVar(&o.oursEndpointParams, "ours-endpoint-params", "", "tuning: DSN query appended to ours' endpoint, e.g. ?async_insert=1&wait_for_async_insert=1")
	flag.StringVar(&o.oursEnv, "ours-env", "", "tuning: extra environment of ours, e.g. GOMEMLIMIT=200MiB (space-separated)")
	flag.BoolVar(&o.oursFileQueue, "ours-file-queue", false, "deprecated: runs kind ours as ours-persistent (the shipped config's file_storage queue); contrib keeps its in-memory queue")
	flag.BoolVar(&o.pprof, "pprof", false, "enable the pprof extension in ours and save CPU/heap profiles of each phase (needs -ours .build/otelcol-aianalytics-pprof/otelcol-aianalytics-pprof, make bench-profile)")
	flag.StringVar(&o.out, "out", ".build/bench/e2e.json", "results file")
	flag.StringVar(&o.dialectMix, "dialects", "semconv", "instrumentation dialects of the generated spans, name=weight,… (cmd/genaiload -dialects)")
	flag.Parse()
	o.kinds, o.phases = strings.Split(kindList, ","), strings.Split(phases, ",")
	return o
}

// report is the results file: settings, machine and every run.
type report struct {
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	Command  string    `json:"command"`
	Machine  machine   `json:"machine"`
	Settings struct {
		Queue              queueSettings `json:"queue"`
		ContribAsyncInsert bool          `json:"contrib_async_insert"`
		SpansPerRequest    int           `json:"spans_per_request"`
		Workers            int           `json:"workers"`
		Duration           string        `json:"throughput_duration"`
		LatencyDuration    string        `json:"latency_duration"`
		LatencyRate        float64       `json:"latency_rate"`
		ClickHouse         string        `json:"clickhouse"`
		ClickHouseVersion  string        `json:"clickhouse_version"`
		ClickHouseStorage  string        `json:"clickhouse_storage,omitempty"`
		Dialects           string        `json:"dialects,omitempty"`
	} `json:"settings"`
	Runs []result `json:"runs"`
}

func main() {
	log.SetFlags(log.Ltime)
	o := parseFlags()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		log.Fatal("e2e: ", err)
	}
}

func run(ctx context.Context, o options) error {
	var err error
	if o.kinds, err = resolveKinds(o.kinds, o.oursFileQueue); err != nil {
		return err
	}
	for _, k := range o.kinds {
		if _, err := os.Stat(o.binary(k)); err != nil {
			return fmt.Errorf("%s collector: %w (make build / make bench build it)", k, err)
		}
	}
	for _, p := range o.phases {
		if p != "throughput" && p != "latency" {
			return fmt.Errorf("unknown phase %q (throughput, latency)", p)
		}
	}
	if o.dialects, err = loadgen.ParseDialects(o.dialectMix); err != nil {
		return fmt.Errorf("-dialects: %w", err)
	}
	conn, err := openClickHouse(o.clickhouse)
	if err != nil {
		return err
	}
	defer conn.Close()
	// `go run` puts the binary in a temporary directory: show the package instead.
	rep := report{Started: time.Now().UTC(), Command: strings.Join(append([]string{"go run ./bench/e2e"}, os.Args[1:]...), " "), Machine: describeMachine()}
	rep.Settings.Queue, rep.Settings.ContribAsyncInsert = o.queue, o.contribAsyncInsert
	rep.Settings.SpansPerRequest, rep.Settings.Workers = o.spansPerRequest, o.workers
	rep.Settings.Duration, rep.Settings.LatencyDuration = o.duration.String(), o.latencyDuration.String()
	rep.Settings.LatencyRate, rep.Settings.ClickHouse = o.latencyRate, o.clickhouse
	rep.Settings.ClickHouseVersion = serverVersion(ctx, conn)
	rep.Settings.ClickHouseStorage = clickhouseStorage(o.clickhousePID)
	if o.dialectMix != "semconv" {
		rep.Settings.Dialects = o.dialectMix
	}

	log.Printf("generating %d requests of %d spans", o.poolRequests, o.spansPerRequest)
	pool, err := newRequestPool(42, o.poolRequests, o.spansPerRequest, 0, o.dialects)
	if err != nil {
		return err
	}
	workDir := filepath.Join(filepath.Dir(o.out), "e2e-runs")
	if err := os.MkdirAll(workDir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", workDir, err)
	}
	r := &runner{opts: o, pool: pool, workDir: workDir,
		sinkFor: func(kind, db string) sink { return sink{conn: conn, db: db, kind: kind} }}
	for round := 1; round <= o.rounds; round++ {
		for _, phase := range o.phases {
			for _, kind := range o.kinds {
				res, err := r.run(ctx, kind, phase, round)
				if err != nil {
					return fmt.Errorf("%s %s round %d: %w", kind, phase, round, err)
				}
				log.Printf("%-15s %-10s round %d: %6.0f in/s %6.0f spans/s  rows %d/%d accepted  cpu %.2fs/10k  ch cpu %.2fs/10k (rows inserted %.2f, merged %.2f per span; %.1f inserts/10k)  rss %.0f MiB  p50 %.0f ms  p99 %.0f ms  zero-loss %v",
					kind, phase, round, res.SendRate, res.SpansPerSec, res.Rows, res.Accepted, res.CPUPer10k, res.ClickHouseCPUPer10k,
					res.InsertedRowsPerSpan, res.MergedRowsPerSpan, res.InsertQueriesPer10k, res.PeakRSSMB,
					res.LatencyP50Ms, res.LatencyP99Ms, res.ZeroLoss)
				rep.Runs = append(rep.Runs, res)
				// Written after every run: an interrupted benchmark keeps what it measured.
				if err := writeReport(&rep, o.out); err != nil {
					return err
				}
			}
		}
	}
	log.Printf("wrote %s", o.out)
	return nil
}

func writeReport(rep *report, path string) error {
	rep.Finished = time.Now().UTC()
	rep.Machine.LoadAfter = loadAverage()
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding results: %w", err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

func serverVersion(ctx context.Context, conn driver.Conn) string {
	var v string
	if err := conn.QueryRow(ctx, "SELECT version()").Scan(&v); err != nil {
		return "unknown"
	}
	return v
}
