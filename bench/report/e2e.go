package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"time"
)

// e2eReport mirrors the fields of bench/e2e's results file that the report uses.
type e2eReport struct {
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	Command  string    `json:"command"`
	Machine  struct {
		CPUModel   string `json:"cpu_model"`
		CPUs       int    `json:"cpus"`
		MemTotal   string `json:"mem_total"`
		Kernel     string `json:"kernel"`
		GoVersion  string `json:"go_version"`
		LoadBefore string `json:"load_before"`
		LoadAfter  string `json:"load_after"`
	} `json:"machine"`
	Settings struct {
		Queue struct {
			QueueSize, NumConsumers, BatchMin, BatchMax int
			FlushTimeout                                time.Duration
		} `json:"queue"`
		ContribAsyncInsert bool    `json:"contrib_async_insert"`
		SpansPerRequest    int     `json:"spans_per_request"`
		Workers            int     `json:"workers"`
		Duration           string  `json:"throughput_duration"`
		LatencyDuration    string  `json:"latency_duration"`
		LatencyRate        float64 `json:"latency_rate"`
		ClickHouseVersion  string  `json:"clickhouse_version"`
		ClickHouseStorage  string  `json:"clickhouse_storage"`
		Dialects           string  `json:"dialects"` // the sender's dialect mix; empty: semconv only
	} `json:"settings"`
	Runs []e2eRun `json:"runs"`
}

type e2eRun struct {
	Kind        string  `json:"kind"`
	Phase       string  `json:"phase"`
	Round       int     `json:"round"`
	Accepted    int64   `json:"accepted"`
	Failed      int64   `json:"failed"`
	Rows        int64   `json:"rows"`
	SendRate    float64 `json:"send_rate"`
	SpansPerSec float64 `json:"spans_per_sec"`
	CPUPer10k   float64 `json:"cpu_seconds_per_10k_spans"`
	CHCPUPer10k float64 `json:"clickhouse_cpu_seconds_per_10k_spans"`
	StoredBytes float64 `json:"stored_bytes_per_span"`
	// Server-wide counters over the phase (absent in reports of older bench/e2e versions).
	InsertedRowsPerSpan float64 `json:"clickhouse_inserted_rows_per_span"`
	InsertQueriesPer10k float64 `json:"clickhouse_insert_queries_per_10k_spans"`
	MergedRowsPerSpan   float64 `json:"clickhouse_merged_rows_per_span"`
	PeakRSSMB           float64 `json:"peak_rss_mib"`
	LatencyP50Ms        float64 `json:"latency_p50_ms"`
	LatencyP99Ms        float64 `json:"latency_p99_ms"`
	LatencyMaxMs        float64 `json:"latency_max_ms"`
	Markers             int     `json:"markers"`
	ZeroLoss            bool    `json:"zero_loss"`
}

func readE2E(path string) (*e2eReport, error) { return readJSON[e2eReport](path) }

// readJSON decodes the JSON file at path.
func readJSON[T any](path string) (*T, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, fmt.Errorf("decoding %s: %w", path, err)
	}
	return &v, nil
}

// persistentKind is bench/e2e's ours with the shipped config's file_storage (persistent)
// queue. The report adds its columns, sentence and bars only when the results hold it, so
// results of ours and contrib alone render as before.
const (
	persistentKind  = "ours-persistent"
	persistentLabel = "ours, shipped config (persistent file queue)"
)

// has reports whether any run is of kind.
func (r *e2eReport) has(kind string) bool {
	return slices.ContainsFunc(r.Runs, func(x e2eRun) bool { return x.Kind == kind })
}

// kindLabel names a kind in the tables: ours-persistent by what it is, the others as they are.
func kindLabel(kind string) string {
	if kind == persistentKind {
		return persistentLabel
	}
	return kind
}

// pick returns one metric of every run of a kind and phase, in run order.
func (r *e2eReport) pick(kind, phase string, f func(e2eRun) float64) []float64 {
	var out []float64
	for _, run := range r.Runs {
		if run.Kind == kind && run.Phase == phase {
			out = append(out, f(run))
		}
	}
	return out
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func minOf(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	m := v[0]
	for _, x := range v {
		m = min(m, x)
	}
	return m
}

func maxOf(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = max(m, x)
	}
	return m
}

// runsTable lists every run in the order it ran (interleaved).
func runsTable(r *e2eReport) string {
	var sb strings.Builder
	sb.WriteString("| # | phase | round | collector | taken in spans/s | end-to-end spans/s | rows / accepted | zero loss | CPU s / 10k spans | ClickHouse CPU s / 10k | peak RSS MiB | p50 ms | p99 ms | max ms |\n")
	sb.WriteString("|---:|---|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|\n")
	for i, run := range r.Runs {
		lat := "| – | – | –"
		if run.Phase == "latency" {
			lat = fmt.Sprintf("| %.0f | %.0f | %.0f", run.LatencyP50Ms, run.LatencyP99Ms, run.LatencyMaxMs)
		}
		fmt.Fprintf(&sb, "| %d | %s | %d | %s | %.0f | %.0f | %d / %d | %v | %.3f | %.3f | %.0f %s |\n",
			i+1, run.Phase, run.Round, kindLabel(run.Kind), run.SendRate, run.SpansPerSec, run.Rows, run.Accepted, yesNo(run.ZeroLoss),
			run.CPUPer10k, run.CHCPUPer10k, run.PeakRSSMB, lat)
	}
	return sb.String()
}

// summaryTable compares the medians of both collectors, and of ours-persistent when it ran
// (two more columns, so the first four read as without it).
func summaryTable(r *e2eReport) string {
	type row struct {
		name  string
		phase string
		f     func(e2eRun) float64
		fmt   string
	}
	rows := []row{
		{"sustained throughput, flat out (spans/s)", "throughput", func(x e2eRun) float64 { return x.SpansPerSec }, "%.0f"},
		{"CPU s per 10k spans, flat out", "throughput", func(x e2eRun) float64 { return x.CPUPer10k }, "%.3f"},
		{"ClickHouse server CPU s per 10k spans, flat out", "throughput", func(x e2eRun) float64 { return x.CHCPUPer10k }, "%.3f"},
		{"ClickHouse rows inserted per span (tables + materialized views + derived rows), flat out", "throughput", func(x e2eRun) float64 { return x.InsertedRowsPerSpan }, "%.2f"},
		{"ClickHouse insert queries per 10k spans, flat out", "throughput", func(x e2eRun) float64 { return x.InsertQueriesPer10k }, "%.1f"},
		{"ClickHouse rows rewritten by merges per span, flat out", "throughput", func(x e2eRun) float64 { return x.MergedRowsPerSpan }, "%.2f"},
		{"stored bytes per span (compressed, all tables of the run's database)", "throughput", func(x e2eRun) float64 { return x.StoredBytes }, "%.0f"},
		{"peak RSS flat out (MiB)", "throughput", func(x e2eRun) float64 { return x.PeakRSSMB }, "%.0f"},
		{fmt.Sprintf("rate taken in, paced at %.0f spans/s", r.Settings.LatencyRate), "latency", func(x e2eRun) float64 { return x.SendRate }, "%.0f"},
		{fmt.Sprintf("CPU s per 10k spans at %.0f spans/s", r.Settings.LatencyRate), "latency", func(x e2eRun) float64 { return x.CPUPer10k }, "%.3f"},
		{fmt.Sprintf("peak RSS at %.0f spans/s (MiB)", r.Settings.LatencyRate), "latency", func(x e2eRun) float64 { return x.PeakRSSMB }, "%.0f"},
		{"ingest→queryable p50 (ms)", "latency", func(x e2eRun) float64 { return x.LatencyP50Ms }, "%.0f"},
		{"ingest→queryable p99 (ms)", "latency", func(x e2eRun) float64 { return x.LatencyP99Ms }, "%.0f"},
	}
	persistent := r.has(persistentKind)
	var sb strings.Builder
	if persistent {
		sb.WriteString("| median over rounds | ours | contrib | ours / contrib | " + persistentLabel + " | ours persistent / contrib |\n|---|---:|---:|---:|---:|---:|\n")
	} else {
		sb.WriteString("| median over rounds | ours | contrib | ours / contrib |\n|---|---:|---:|---:|\n")
	}
	for _, rw := range rows {
		o, c := median(r.pick("ours", rw.phase, rw.f)), median(r.pick("contrib", rw.phase, rw.f))
		ps := r.pick(persistentKind, rw.phase, rw.f)
		p := median(ps)
		if o == 0 && c == 0 && p == 0 {
			continue // a figure this report's bench/e2e version did not record
		}
		fmt.Fprintf(&sb, "| %s | "+rw.fmt+" | "+rw.fmt+" | %s |", rw.name, o, c, ratioOf(o, c))
		if persistent {
			// No run in this phase (an interrupted benchmark) is "–", not a median of 0.
			pv, pr := "–", "–"
			if len(ps) > 0 {
				pv, pr = fmt.Sprintf(rw.fmt, p), ratioOf(p, c)
			}
			fmt.Fprintf(&sb, " %s | %s |", pv, pr)
		}
		sb.WriteString("\n")
	}
	return sb.String()
}

// ratioOf is x / contrib's figure c, or "–" without one.
func ratioOf(x, c float64) string {
	if c > 0 {
		return fmt.Sprintf("%.2f×", x/c)
	}
	return "–"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "**NO**"
}
