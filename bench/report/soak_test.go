package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRSSGoalRow(t *testing.T) {
	soak := func(hwm float64, rows int64) *soakResult {
		return &soakResult{Finished: "2026-11-27T18:55:00Z", Rate: 10000, Duration: "10m", SessionsConfigured: 320000,
			Accepted: 6000, Rows: rows, DistinctEventIDs: rows, RSSMedianMiB: hwm - 20, VMHWMMiB: hwm}
	}
	for _, c := range []struct {
		name    string
		rss     []float64
		atRate  bool
		soak    *soakResult
		verdict string
		mention string
	}{
		{"bench only, met", []float64{119, 120}, true, nil, "| yes |", ""},
		{"bench only, over", []float64{119, 150}, true, nil, "| **no** |", ""},
		{"bench short of the rate", []float64{119}, false, nil, "| **no** |", ""},
		{"soak over", []float64{119}, true, soak(211, 6000), "| yes in `make bench`, **no** in `make soak` |", "VmHWM 211 MiB"},
		{"soak within", []float64{119}, true, soak(140, 6000), "| yes |", "6000 / 6000 spans stored once"},
		{"soak lost rows", []float64{119}, true, soak(120, 5999), "| yes in `make bench`, **no** in `make soak` |", "5999 / 6000"},
	} {
		t.Run(c.name, func(t *testing.T) {
			row := rssGoalRow(10000, c.rss, c.atRate, c.soak)
			if !strings.HasSuffix(row, c.verdict+"\n") {
				t.Errorf("row %q does not end with %q", row, c.verdict)
			}
			if c.mention != "" && !strings.Contains(row, c.mention) {
				t.Errorf("row %q does not mention %q", row, c.mention)
			}
			if c.soak == nil && strings.Contains(row, "make soak") {
				t.Errorf("row %q names a soak that did not run", row)
			}
		})
	}
}

func TestReadSoak(t *testing.T) {
	dir := t.TempDir()
	if s, err := readSoak(filepath.Join(dir, "missing.json")); s != nil || err != nil {
		t.Fatalf("missing file = %v, %v; want no result, no error", s, err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readSoak(bad); err == nil {
		t.Error("a damaged result was read without error")
	}
	good := filepath.Join(dir, "soak.json")
	if err := os.WriteFile(good, []byte(`{"finished": "x", "rate": 10000, "duration": "10m", "sessions_configured": 320000,
 "accepted": 5, "rows": 5, "distinct_event_ids": 5, "rss_median_mib": 172, "rss_max_mib": 193, "vm_hwm_mib": 211}`), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := readSoak(good)
	if err != nil || s.VMHWMMiB != 211 || s.SessionsConfigured != 320000 {
		t.Errorf("readSoak = %+v, %v", s, err)
	}
}
