package redact

import (
	"strings"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user+system CPU time: on a shared machine wall-clock ns/op
// measures the queue for a core, CPU ns/op what the code costs.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchText is ~2 KB of ordinary chat text without anything to redact.
var benchText = strings.Repeat("The Pro plan costs $20 per user per month when billed yearly; it includes SSO, audit logs and 99.9% uptime. ", 19)

func BenchmarkRedactDefaultNoMatch(b *testing.B) {
	r := New(DefaultConfig())
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		r.Redact(benchText)
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

func BenchmarkRedactAllNoMatch(b *testing.B) {
	r := New(allMask())
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		r.Redact(benchText)
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// hyphenText is text with many '-' and no '_' (ids, dates, compound words).
var hyphenText = strings.Repeat("order 2024-07-18 re-run of the well-known x-ray check-up, id a1b2-c3d4-e5f6. ", 26)

func BenchmarkRedactDefaultHyphenated(b *testing.B) {
	r := New(DefaultConfig())
	b.SetBytes(int64(len(hyphenText)))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		r.Redact(hyphenText)
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}
