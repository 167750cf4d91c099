// Command report turns the outputs of `make bench` (go test -bench text and bench/e2e's JSON)
// into the generated sections of BENCHMARKS.md and the chart docs/bench.png. Text outside the
// <!-- BEGIN bench:NAME --> … <!-- END bench:NAME --> markers is left as written.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
)

func main() {
	e2ePath := flag.String("e2e", ".build/bench/e2e.json", "bench/e2e results")
	microPath := flag.String("micro", ".build/bench/micro.txt", "go test -bench output")
	mdPath := flag.String("md", "BENCHMARKS.md", "markdown file to update")
	pngPath := flag.String("png", "docs/bench.png", "chart to write")
	microCmd := flag.String("micro-cmd", "", "command that produced -micro (shown in the report)")
	soakPath := flag.String("soak", "", "scripts/soak.sh result (make soak), shown next to the RSS goal when the file exists")
	flag.Parse()
	if err := run(*e2ePath, *microPath, *soakPath, *mdPath, *pngPath, *microCmd); err != nil {
		log.Fatal("report: ", err)
	}
}

func run(e2ePath, microPath, soakPath, mdPath, pngPath, microCmd string) error {
	rep, err := readE2E(e2ePath)
	if err != nil {
		return err
	}
	soak, err := readSoak(soakPath)
	if err != nil {
		return err
	}
	micro, err := parseGoBench(microPath)
	if err != nil {
		return err
	}
	md, err := os.ReadFile(mdPath)
	if err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("reading %s: %w", mdPath, err)
	}
	doc := string(md)
	doc = replaceSection(doc, "goals", goalsSection(rep, micro, soak))
	doc = replaceSection(doc, "e2e", e2eSection(rep))
	doc = replaceSection(doc, "micro", "Command: `"+microCmd+"`\n\n"+microTable(micro))
	if err := os.WriteFile(mdPath, []byte(doc), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", mdPath, err)
	}
	if err := writeChart(pngPath, chartPanels(rep), rep.has(persistentKind)); err != nil {
		return err
	}
	log.Printf("updated %s and %s", mdPath, pngPath)
	return nil
}

// replaceSection swaps the body between the markers of name, appending the section when the
// document has no such markers yet.
func replaceSection(doc, name, body string) string {
	begin, end := "<!-- BEGIN bench:"+name+" -->", "<!-- END bench:"+name+" -->"
	section := begin + "\n" + strings.TrimRight(body, "\n") + "\n" + end
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		return strings.TrimRight(doc, "\n") + "\n\n" + section + "\n"
	}
	return doc[:i] + section + doc[j+len(end):]
}

// goalsSection states the four figures of issue 7 against their goals.
func goalsSection(r *e2eReport, micro []benchLine, soak *soakResult) string {
	oursTP := median(r.pick("ours", "throughput", func(x e2eRun) float64 { return x.SpansPerSec }))
	contribTP := median(r.pick("contrib", "throughput", func(x e2eRun) float64 { return x.SpansPerSec }))
	p99 := r.pick("ours", "latency", func(x e2eRun) float64 { return x.LatencyP99Ms })
	rss := r.pick("ours", "latency", func(x e2eRun) float64 { return x.PeakRSSMB })
	// The latency and RSS goals hold only if the collector really took in the target rate.
	rate := r.pick("ours", "latency", func(x e2eRun) float64 { return x.SendRate })
	atRate := len(rate) > 0 && minOf(rate) >= 0.95*r.Settings.LatencyRate
	var sb strings.Builder
	sb.WriteString("| goal | target | measured | met |\n|---|---|---|---|\n")
	ratio := 0.0
	if contribTP > 0 {
		ratio = oursTP / contribTP
	}
	fmt.Fprintf(&sb, "| end-to-end throughput vs contrib clickhouseexporter | ≥ 1.5× | %.2f× (median %.0f vs %.0f spans/s, %d interleaved rounds) | %s |\n",
		ratio, oursTP, contribTP, len(p99), met(ratio >= 1.5))
	fmt.Fprintf(&sb, "| ingest→queryable p99 at %.0f spans/s | ≤ 2 s | %.0f ms median, %.0f ms worst round (rate taken in: %.0f–%.0f spans/s) | %s |\n",
		r.Settings.LatencyRate, median(p99), maxOf(p99), minOf(rate), maxOf(rate), met(atRate && maxOf(p99) <= 2000))
	sb.WriteString(rssGoalRow(r.Settings.LatencyRate, rss, atRate, soak))
	// The typical span of this benchmark carries ~2 KB of messages (the generator's default);
	// the metadata-only case (content capture off, the OTel instrumentations' default) is
	// reported next to it.
	withContent, unit, ok := processorNsPerSpan(micro, processorBenchmark, "with-2KB-content")
	if !ok {
		withContent, unit, ok = processorNsPerSpan(micro, processorBenchmark, "")
	}
	if ok {
		extra := ""
		if meta, metaUnit, found := processorNsPerSpan(micro, processorBenchmark, "metadata-only"); found {
			extra = fmt.Sprintf("; %.0f %s without message content", meta, metaUnit)
		}
		// The floor: pdata writes of the derived attributes alone, nothing computed.
		floor := ""
		floorContent, floorUnit, foundContent := processorNsPerSpan(micro, enrichmentFloorBenchmark, "with-2KB-content")
		floorMeta, _, foundMeta := processorNsPerSpan(micro, enrichmentFloorBenchmark, "metadata-only")
		if foundContent && foundMeta {
			floor = fmt.Sprintf("; writing its derived attributes alone, nothing computed: %.0f / %.0f %s (`BenchmarkEnrichmentFloor`)", floorContent, floorMeta, floorUnit)
		}
		fmt.Fprintf(&sb, "| processor per typical chat span | ≤ 1 µs | %.0f %s with ~2 KB of messages%s (`BenchmarkProcessTraces`, issue 3)%s | %s |\n",
			withContent, unit, extra, floor, met(withContent <= 1000))
	} else {
		sb.WriteString("| processor per typical chat span | ≤ 1 µs | not measured: no `BenchmarkProcessTraces` reporting ns/span in this run | – |\n")
	}
	return sb.String()
}

func met(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}

func e2eSection(r *e2eReport) string {
	var sb strings.Builder
	m, s := r.Machine, r.Settings
	fmt.Fprintf(&sb, "Measured %s – %s UTC on %d × %s, %s RAM, Linux %s, %s; ClickHouse %s. Load average before / after: %s / %s.\n\n",
		r.Started.Format("2006-01-02 15:04"), r.Finished.Format("15:04"), m.CPUs, m.CPUModel, m.MemTotal, m.Kernel,
		m.GoVersion, s.ClickHouseVersion, m.LoadBefore, m.LoadAfter)
	if s.ClickHouseStorage != "" {
		fmt.Fprintf(&sb, "ClickHouse data directory: %s.\n\n", s.ClickHouseStorage)
	}
	fmt.Fprintf(&sb, "Command: `%s`\n\n", r.Command)
	fmt.Fprintf(&sb, "Both collectors: OTLP/gRPC in, `memory_limiter`, exporter `sending_queue` {sizer requests, queue_size %d, num_consumers %d, block_on_overflow true, batch {sizer items, min_size %d, max_size %d, flush_timeout %s}}. Contrib `async_insert: %v` (its default), compression lz4 (both defaults). Sender: %d requests of %d spans in flight; throughput phase %s flat out, latency phase %s at %.0f spans/s plus one marker span per 50 ms.\n\n",
		s.Queue.QueueSize, s.Queue.NumConsumers, s.Queue.BatchMin, s.Queue.BatchMax, s.Queue.FlushTimeout,
		s.ContribAsyncInsert, s.Workers, s.SpansPerRequest, s.Duration, s.LatencyDuration, s.LatencyRate)
	if s.Dialects != "" {
		fmt.Fprintf(&sb, "Spans in the instrumentation dialect mix `%s` (`-dialects`), not the load generator's default semconv only.\n\n", s.Dialects)
	}
	if r.has(persistentKind) {
		fmt.Fprintf(&sb, "Third collector, **%s** (kind `%s`): the same binary, pipeline and settings as ours plus `sending_queue.storage: file_storage/queue`, the persistent queue of the shipped config/otelcol-aianalytics.yaml, in a fresh directory per run next to the results file; ours and contrib keep their queues in memory. Its queue is sized as above, not as in the shipped config (sizer items, queue_size 1000000).\n\n",
			persistentLabel, persistentKind)
	}
	sb.WriteString(summaryTable(r))
	sb.WriteString("\nEvery run, in the order it ran:\n\n")
	sb.WriteString(runsTable(r))
	sb.WriteString("\n![throughput and latency](docs/bench.png)\n")
	return sb.String()
}

// chartPanels has bars for ours and contrib, plus ours-persistent's in each panel whose phase
// it ran in (the third bar, in its own colour).
func chartPanels(r *e2eReport) []panel {
	tp := func(x e2eRun) float64 { return x.SpansPerSec }
	var tpGroups []barGroup
	ours, contrib := r.pick("ours", "throughput", tp), r.pick("contrib", "throughput", tp)
	pers := r.pick(persistentKind, "throughput", tp)
	rounds := min(len(ours), len(contrib))
	if len(pers) > 0 {
		rounds = min(rounds, len(pers))
	}
	for i := range rounds {
		g := barGroup{fmt.Sprintf("R%d", i+1), []float64{ours[i], contrib[i]}}
		if len(pers) > 0 {
			g.values = append(g.values, pers[i])
		}
		tpGroups = append(tpGroups, g)
	}
	med := barGroup{"MEDIAN", []float64{median(ours), median(contrib)}}
	if len(pers) > 0 {
		med.values = append(med.values, median(pers))
	}
	tpGroups = append(tpGroups, med)
	latPers := len(r.pick(persistentKind, "latency", tp)) > 0 // it ran the latency phase
	lat := func(f func(e2eRun) float64) []float64 {
		v := []float64{median(r.pick("ours", "latency", f)), median(r.pick("contrib", "latency", f))}
		if latPers {
			v = append(v, median(r.pick(persistentKind, "latency", f)))
		}
		return v
	}
	return []panel{
		{title: "THROUGHPUT SPANS/S", groups: tpGroups, unit: func(v float64) string { return fmt.Sprintf("%.0f", v) }},
		{title: fmt.Sprintf("LATENCY AT %.0fK/S (MS)", r.Settings.LatencyRate/1000), goal: 2000,
			unit: func(v float64) string { return fmt.Sprintf("%.0f", v) },
			groups: []barGroup{
				{"P50", lat(func(x e2eRun) float64 { return x.LatencyP50Ms })},
				{"P99", lat(func(x e2eRun) float64 { return x.LatencyP99Ms })},
				{"MAX", lat(func(x e2eRun) float64 { return x.LatencyMaxMs })},
			}},
	}
}
