package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// benchLine is one `go test -bench` result line.
type benchLine struct {
	pkg     string
	name    string // without the -GOMAXPROCS suffix
	iters   int64
	metrics []metric
}

type metric struct {
	value float64
	unit  string
}

func (b benchLine) metric(unit string) (float64, bool) {
	for _, m := range b.metrics {
		if m.unit == unit {
			return m.value, true
		}
	}
	return 0, false
}

// parseGoBench reads `go test -bench` output (several packages may follow each other).
func parseGoBench(path string) ([]benchLine, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	defer f.Close()
	var out []benchLine
	pkg := ""
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimSpace(p)
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		iters, err := strconv.ParseInt(fields[1], 10, 64)
		if err != nil {
			continue
		}
		b := benchLine{pkg: pkg, name: trimProcs(fields[0]), iters: iters}
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				break
			}
			b.metrics = append(b.metrics, metric{v, fields[i+1]})
		}
		out = append(out, b)
	}
	return out, sc.Err()
}

// trimProcs drops the "-2" GOMAXPROCS suffix of a benchmark name.
func trimProcs(name string) string {
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if _, err := strconv.Atoi(name[i+1:]); err == nil {
			return name[:i]
		}
	}
	return name
}

// microTable renders every benchmark line as a markdown table.
func microTable(lines []benchLine) string {
	var sb strings.Builder
	sb.WriteString("| package | benchmark | iterations | results |\n|---|---|---:|---|\n")
	for _, b := range lines {
		var ms []string
		for _, m := range b.metrics {
			ms = append(ms, formatNum(m.value)+" "+m.unit)
		}
		short := b.pkg[strings.LastIndexByte(b.pkg, '/')+1:]
		fmt.Fprintf(&sb, "| %s | `%s` | %d | %s |\n", short, b.name, b.iters, strings.Join(ms, " · "))
	}
	return sb.String()
}

// The processor benchmarks of the goals table: the processor itself (issue 3), and the cost
// of only writing the attributes it derives (the floor of span enrichment through pdata).
const (
	processorBenchmark       = "BenchmarkProcessTraces"
	enrichmentFloorBenchmark = "BenchmarkEnrichmentFloor"
)

// processorNsPerSpan finds a processor benchmark's per-span cost for one case (a
// sub-benchmark name such as "with-2KB-content"; "" for the plain benchmark), if it ran.
// Its cpu-ns/span (CPU time, not inflated by other processes on a shared machine) is
// preferred, then ns/span, then ns/op (one op of these benchmarks is one span). It
// returns the unit.
func processorNsPerSpan(lines []benchLine, name, sub string) (float64, string, bool) {
	if sub != "" {
		name += "/" + sub
	}
	for _, b := range lines {
		if b.name != name || !strings.HasSuffix(b.pkg, "genaianalyticsprocessor") {
			continue
		}
		for _, unit := range []string{"cpu-ns/span", "ns/span", "ns/op"} {
			if v, ok := b.metric(unit); ok {
				return v, unit, true
			}
		}
	}
	return 0, "", false
}

func formatNum(v float64) string {
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	default:
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
}
