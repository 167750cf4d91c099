//go:build faults

package faults

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/loadgen"
)

// loader sends generated GenAI spans over gRPC at a fixed rate and, like an SDK exporter,
// retries a refused request until it is accepted. It remembers the event id (and start time)
// of every span it generated, which is what the store must hold exactly once.
type loader struct {
	client ptraceotlp.GRPCClient
	conn   *grpc.ClientConn
	rate   float64
	batch  int

	mu       sync.Mutex
	ids      map[uuid.UUID]time.Time
	sent     int64 // spans in generated requests
	accepted int64 // spans in requests the collector accepted
	retries  int64 // failed attempts (each retried)
	codes    map[string]int64
	given    int64 // spans given up on (never accepted before the deadline)

	stopOnce sync.Once
	stopCh   chan struct{}
	jobs     chan ptrace.Traces
	wg       sync.WaitGroup
	giveUp   time.Time
}

const (
	requestSpans   = 100
	requestTimeout = 5 * time.Second
	retryPause     = 200 * time.Millisecond
	senders        = 4
	// drainTimeout bounds the retries of requests still in flight when a loader stops.
	drainTimeout = 2 * time.Minute
)

// startLoader begins sending to the collector's gRPC port at rate spans/s.
func startLoader(t *testing.T, grpcPort int, rate float64, seed uint64) *loader {
	t.Helper()
	opts := loadgen.DefaultOptions()
	opts.Seed = seed
	opts.SpansPerRequest = requestSpans
	opts.MessageBytes = -1 // keep the 2 shared cores for the collector and ClickHouse
	gen, err := loadgen.New(opts)
	if err != nil {
		t.Fatalf("load generator: %v", err)
	}
	cc, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", grpcPort), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatalf("gRPC client: %v", err)
	}
	l := &loader{
		client: ptraceotlp.NewGRPCClient(cc), conn: cc, rate: rate, batch: requestSpans,
		ids: map[uuid.UUID]time.Time{}, codes: map[string]int64{},
		stopCh: make(chan struct{}), jobs: make(chan ptrace.Traces, 64),
	}
	for range senders {
		l.wg.Go(l.sendLoop)
	}
	l.wg.Go(func() { l.produce(gen) })
	t.Cleanup(func() { l.stop(0); _ = cc.Close() })
	return l
}

// produce generates one request every batch/rate seconds until stop.
func (l *loader) produce(gen *loadgen.Generator) {
	defer close(l.jobs)
	start := time.Now()
	for n := 0; ; n++ {
		due := start.Add(time.Duration(float64(n*l.batch) / l.rate * float64(time.Second)))
		select {
		case <-l.stopCh:
			return
		case <-time.After(time.Until(due)):
		}
		td := gen.Next(l.batch)
		l.remember(td)
		select {
		case l.jobs <- td:
		case <-l.stopCh:
			l.abandon(td)
			return
		}
	}
}

func (l *loader) remember(td ptrace.Traces) {
	l.mu.Lock()
	defer l.mu.Unlock()
	forEachGenAISpan(td, func(id uuid.UUID, start time.Time) { l.ids[id] = start })
	l.sent += int64(td.SpanCount())
}

// abandon forgets a request that was generated but never sent (stop came first).
func (l *loader) abandon(td ptrace.Traces) {
	l.mu.Lock()
	defer l.mu.Unlock()
	forEachGenAISpan(td, func(id uuid.UUID, _ time.Time) { delete(l.ids, id) })
	l.sent -= int64(td.SpanCount())
}

func forEachGenAISpan(td ptrace.Traces, fn func(uuid.UUID, time.Time)) {
	rss := td.ResourceSpans()
	for i := 0; i < rss.Len(); i++ {
		sss := rss.At(i).ScopeSpans()
		for j := 0; j < sss.Len(); j++ {
			spans := sss.At(j).Spans()
			for k := 0; k < spans.Len(); k++ {
				s := spans.At(k)
				if _, ok := s.Attributes().Get(genai.KeyOperationName); ok {
					fn(genai.EventIDFor(s.TraceID(), s.SpanID()), s.StartTimestamp().AsTime())
				}
			}
		}
	}
}

func (l *loader) sendLoop() {
	for td := range l.jobs {
		req := ptraceotlp.NewExportRequestFromTraces(td)
		for {
			ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
			resp, err := l.client.Export(ctx, req)
			cancel()
			if err == nil && resp.PartialSuccess().RejectedSpans() == 0 {
				l.mu.Lock()
				l.accepted += int64(td.SpanCount())
				l.mu.Unlock()
				break
			}
			l.mu.Lock()
			l.retries++
			if err != nil {
				l.codes[status.Code(err).String()]++
			} else {
				l.codes["partial_success"]++
			}
			late := !l.giveUp.IsZero() && time.Now().After(l.giveUp)
			if late {
				l.given += int64(td.SpanCount())
			}
			l.mu.Unlock()
			if late {
				break
			}
			time.Sleep(retryPause)
		}
	}
}

// stop ends production and waits for in-flight requests, retrying each for at most drain.
func (l *loader) stop(drain time.Duration) {
	l.stopOnce.Do(func() {
		l.mu.Lock()
		l.giveUp = time.Now().Add(drain)
		l.mu.Unlock()
		close(l.stopCh)
	})
	l.wg.Wait()
}

// loadStats is a snapshot of what the loader did.
type loadStats struct {
	sent, accepted, retries, givenUp int64
	codes                            string
}

func (l *loader) stats() loadStats {
	l.mu.Lock()
	defer l.mu.Unlock()
	var parts []string
	for c, n := range l.codes {
		parts = append(parts, fmt.Sprintf("%s=%d", c, n))
	}
	sort.Strings(parts)
	return loadStats{l.sent, l.accepted, l.retries, l.given, strings.Join(parts, ",")}
}

// expected returns the event ids generated so far with their span start times.
func (l *loader) expected() map[uuid.UUID]time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[uuid.UUID]time.Time, len(l.ids))
	for id, ts := range l.ids {
		out[id] = ts
	}
	return out
}

// countBefore is how many generated spans started before t.
func (l *loader) countBefore(t time.Time) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, ts := range l.ids {
		if ts.Before(t) {
			n++
		}
	}
	return n
}
