package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestParseGoBench(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bench.txt")
	out := "goos: linux\npkg: example.com/x/genaianalyticsprocessor\n" +
		"BenchmarkProcessTraces/with-2KB-content-2   \t 2000\t 41987 ns/op\t 11316 cpu-ns/span\t 2174 B/op\t 41 allocs/op\n" +
		"BenchmarkEnrichmentFloor/with-2KB-content-2 \t 2000\t 1089 ns/op\t 1192 cpu-ns/span\t 1488 B/op\t 17 allocs/op\n" +
		"BenchmarkPushTraces/batch=1000-2 \t 12\t 191742773 ns/op\t 5215 rows/s\n--- FAIL: nothing\nPASS\n"
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	lines, err := parseGoBench(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 3 {
		t.Fatalf("got %d lines, want 3: %+v", len(lines), lines)
	}
	if lines[0].name != "BenchmarkProcessTraces/with-2KB-content" {
		t.Errorf("first line = %+v", lines[0])
	}
	if _, _, ok := processorNsPerSpan(lines, processorBenchmark, "metadata-only"); ok {
		t.Error("found a case that did not run")
	}
	if lines[2].name != "BenchmarkPushTraces/batch=1000" || lines[2].iters != 12 {
		t.Errorf("third line = %+v", lines[2])
	}
	for _, c := range []struct {
		name string
		want float64
	}{{processorBenchmark, 11316}, {enrichmentFloorBenchmark, 1192}} {
		ns, unit, ok := processorNsPerSpan(lines, c.name, "with-2KB-content")
		if !ok || ns != c.want || unit != "cpu-ns/span" {
			t.Errorf("processorNsPerSpan(%s) = %v %q %v, want %v cpu-ns/span", c.name, ns, unit, ok, c.want)
		}
	}
}

func TestReplaceSection(t *testing.T) {
	doc := "# B\n\nintro\n<!-- BEGIN bench:e2e -->\nold\n<!-- END bench:e2e -->\nafter\n"
	got := replaceSection(doc, "e2e", "new\n")
	want := "# B\n\nintro\n<!-- BEGIN bench:e2e -->\nnew\n<!-- END bench:e2e -->\nafter\n"
	if got != want {
		t.Errorf("replace:\n%q\nwant\n%q", got, want)
	}
	got = replaceSection("# B\n", "micro", "table")
	want = "# B\n\n<!-- BEGIN bench:micro -->\ntable\n<!-- END bench:micro -->\n"
	if got != want {
		t.Errorf("append:\n%q\nwant\n%q", got, want)
	}
}
