package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
)

// stats counts spans by outcome. refused = sent - accepted: spans of failed requests plus
// spans a server rejected through OTLP partial success.
type stats struct {
	mu             sync.Mutex
	requests       int64
	failedRequests int64
	sent           int64
	accepted       int64
	failures       map[string]int64  // by label: grpc_Unavailable, http_503…
	firstError     map[string]string // one example message per label
}

func newStats() *stats {
	return &stats{failures: map[string]int64{}, firstError: map[string]string{}}
}

func (s *stats) record(spans, rejected int64, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	s.sent += spans
	if err != nil {
		s.failedRequests++
		label := failureLabel(err)
		s.failures[label]++
		if _, ok := s.firstError[label]; !ok {
			s.firstError[label] = errorMessage(err)
		}
		return
	}
	if rejected > 0 {
		s.failures["partial_success"]++
	}
	s.accepted += spans - min(rejected, spans)
}

type snapshot struct {
	requests, failedRequests, sent, accepted int64
	failures                                 map[string]int64
	firstError                               map[string]string
}

func (s *stats) snapshot() snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return snapshot{s.requests, s.failedRequests, s.sent, s.accepted, maps.Clone(s.failures), maps.Clone(s.firstError)}
}

func (n snapshot) refused() int64 { return n.sent - n.accepted }

// failed is what makes the process exit non-zero.
func (n snapshot) failed() bool { return n.failedRequests > 0 || n.refused() > 0 }

// summary is the one-line result; rate is accepted spans per second of wall time.
func (n snapshot) summary(elapsed time.Duration) string {
	return fmt.Sprintf("sent=%d accepted=%d refused=%d failed_requests=%d elapsed=%s rate=%.0f/s",
		n.sent, n.accepted, n.refused(), n.failedRequests, elapsed.Round(time.Millisecond), perSecond(n.accepted, elapsed))
}

// writeFailures prints the breakdown by gRPC code / HTTP status with one example each.
func (n snapshot) writeFailures(w io.Writer) {
	if len(n.failures) == 0 {
		return
	}
	var parts []string
	for _, label := range slices.Sorted(maps.Keys(n.failures)) {
		parts = append(parts, fmt.Sprintf("%s=%d", label, n.failures[label]))
	}
	fmt.Fprintf(w, "failures: %s\n", strings.Join(parts, " "))
	for _, label := range slices.Sorted(maps.Keys(n.firstError)) {
		fmt.Fprintf(w, "  first %s: %s\n", label, n.firstError[label])
	}
}

func perSecond(n int64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}
