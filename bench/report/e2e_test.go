package main

import (
	"slices"
	"strings"
	"testing"
)

// testReport has two rounds of ours and contrib in both phases, plus ours-persistent's runs
// of the given phases.
func testReport(persistentPhases ...string) *e2eReport {
	r := &e2eReport{}
	r.Settings.LatencyRate = 10000
	add := func(kind, phase string, round int, tp, cpu, p99 float64) {
		run := e2eRun{Kind: kind, Phase: phase, Round: round, SpansPerSec: tp, CPUPer10k: cpu, CHCPUPer10k: cpu / 2, PeakRSSMB: 100 * cpu}
		if phase == "latency" {
			run.SpansPerSec, run.SendRate, run.LatencyP50Ms, run.LatencyP99Ms = 10000, 10000, p99/2, p99
		}
		r.Runs = append(r.Runs, run)
	}
	for round := 1; round <= 2; round++ {
		for _, phase := range []string{"throughput", "latency"} {
			add("ours", phase, round, 30000, 0.3, 600)
			add("contrib", phase, round, 20000, 0.4, 800)
			for _, p := range persistentPhases {
				if p == phase {
					add(persistentKind, phase, round, 24000+float64(round)*2000, 0.5, 1000)
				}
			}
		}
	}
	return r
}

func TestE2ESectionPersistentKind(t *testing.T) {
	absentHeader := "| median over rounds | ours | contrib | ours / contrib |\n|---|---:|---:|---:|\n"
	tests := []struct {
		name    string
		r       *e2eReport
		want    []string // in the e2e section
		notWant []string
	}{
		{name: "absent", r: testReport(),
			want: []string{absentHeader,
				"| sustained throughput, flat out (spans/s) | 30000 | 20000 | 1.50× |\n",
				"| ingest→queryable p99 (ms) | 600 | 800 | 0.75× |\n",
				"| 1 | throughput | 1 | ours | "},
			notWant: []string{"persistent", "Third collector", "dialect mix"}},
		{name: "both phases", r: testReport("throughput", "latency"),
			want: []string{
				"| median over rounds | ours | contrib | ours / contrib | ours, shipped config (persistent file queue) | ours persistent / contrib |\n|---|---:|---:|---:|---:|---:|\n",
				// medians of 26000 and 28000; ratio to contrib's 20000
				"| sustained throughput, flat out (spans/s) | 30000 | 20000 | 1.50× | 27000 | 1.35× |\n",
				"| CPU s per 10k spans, flat out | 0.300 | 0.400 | 0.75× | 0.500 | 1.25× |\n",
				"| ClickHouse server CPU s per 10k spans, flat out | 0.150 | 0.200 | 0.75× | 0.250 | 1.25× |\n",
				"| peak RSS flat out (MiB) | 30 | 40 | 0.75× | 50 | 1.25× |\n",
				"| ingest→queryable p50 (ms) | 300 | 400 | 0.75× | 500 | 1.25× |\n",
				"| ingest→queryable p99 (ms) | 600 | 800 | 0.75× | 1000 | 1.25× |\n",
				"| 3 | throughput | 1 | ours, shipped config (persistent file queue) | ",
				"Third collector, **ours, shipped config (persistent file queue)** (kind `ours-persistent`)"}},
		{name: "dialect mix", r: func() *e2eReport {
			r := testReport()
			r.Settings.Dialects = "semconv=70,openllmetry=30"
			return r
		}(), want: []string{"Spans in the instrumentation dialect mix `semconv=70,openllmetry=30`"}},
		{name: "throughput only", r: testReport("throughput"),
			want: []string{
				"| sustained throughput, flat out (spans/s) | 30000 | 20000 | 1.50× | 27000 | 1.35× |\n",
				"| ingest→queryable p99 (ms) | 600 | 800 | 0.75× | – | – |\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := e2eSection(tt.r)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("section lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(got, w) {
					t.Errorf("section has %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestChartPanelsPersistentKind(t *testing.T) {
	tests := []struct {
		name          string
		r             *e2eReport
		tpBars        int
		latBars       int
		wantTPMedians []float64
	}{
		{name: "absent", r: testReport(), tpBars: 2, latBars: 2, wantTPMedians: []float64{30000, 20000}},
		{name: "both phases", r: testReport("throughput", "latency"), tpBars: 3, latBars: 3, wantTPMedians: []float64{30000, 20000, 27000}},
		{name: "throughput only", r: testReport("throughput"), tpBars: 3, latBars: 2, wantTPMedians: []float64{30000, 20000, 27000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			panels := chartPanels(tt.r)
			tp, lat := panels[0].groups, panels[1].groups
			if len(tp) != 3 { // R1, R2, MEDIAN
				t.Fatalf("%d throughput groups, want 3", len(tp))
			}
			for _, g := range tp {
				if len(g.values) != tt.tpBars {
					t.Errorf("throughput %s: %v, want %d bars", g.label, g.values, tt.tpBars)
				}
			}
			for _, g := range lat {
				if len(g.values) != tt.latBars {
					t.Errorf("latency %s: %v, want %d bars", g.label, g.values, tt.latBars)
				}
			}
			if med := tp[len(tp)-1].values; !slices.Equal(med, tt.wantTPMedians) {
				t.Errorf("throughput medians %v, want %v", med, tt.wantTPMedians)
			}
			// Drawing checks the bar layout does not index past its colours.
			if err := writeChart(t.TempDir()+"/c.png", panels, tt.r.has(persistentKind)); err != nil {
				t.Fatal(err)
			}
		})
	}
}
