package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/loadgen"
)

// requestPool holds pre-marshaled OTLP export requests. Generating and marshaling 2 KB spans
// costs the sender more CPU than the collector spends on them, and sender and collector share
// the machine: so the spans are generated once and each send only stamps fresh trace ids into
// a copy of the bytes (making every span a new row, also for ReplacingMergeTree).
type requestPool struct {
	bodies  [][]byte
	offsets [][]int // per body: byte offsets of every span's 16-byte trace_id value
	spans   []int   // spans per body
	nonce   uint32  // distinguishes the trace ids of one run from every other run
	seq     atomic.Uint32
}

// newRequestPool generates n requests of batch GenAI spans with the given seed, in the given
// dialect mix (nil: semconv).
func newRequestPool(seed uint64, n, batch int, nonce uint32, dialects []loadgen.DialectShare) (*requestPool, error) {
	opts := loadgen.DefaultOptions()
	opts.Seed = seed
	opts.SpansPerRequest = batch
	opts.Dialects = dialects
	gen, err := loadgen.New(opts)
	if err != nil {
		return nil, fmt.Errorf("loadgen: %w", err)
	}
	p := &requestPool{nonce: nonce}
	for range n {
		td := gen.NextBatch()
		body, err := ptraceotlp.NewExportRequestFromTraces(td).MarshalProto()
		if err != nil {
			return nil, fmt.Errorf("marshaling request: %w", err)
		}
		offs, err := traceIDOffsets(td, body)
		if err != nil {
			return nil, err
		}
		p.bodies = append(p.bodies, body)
		p.offsets = append(p.offsets, offs)
		p.spans = append(p.spans, td.SpanCount())
	}
	return p, nil
}

// traceIDOffsets finds each span's trace_id in the wire bytes: field 1 of Span, length 16,
// so the value follows the bytes 0x0A 0x10. Random 16-byte ids do not occur by accident.
func traceIDOffsets(td ptrace.Traces, body []byte) ([]int, error) {
	var offs []int
	seen := map[[16]byte]bool{}
	rss := td.ResourceSpans()
	for i := range rss.Len() {
		sss := rss.At(i).ScopeSpans()
		for j := range sss.Len() {
			spans := sss.At(j).Spans()
			for k := range spans.Len() {
				tid := spans.At(k).TraceID()
				if seen[tid] {
					continue
				}
				seen[tid] = true
				needle := append([]byte{0x0A, 0x10}, tid[:]...)
				for from := 0; ; {
					at := bytes.Index(body[from:], needle)
					if at < 0 {
						break
					}
					offs = append(offs, from+at+2)
					from += at + len(needle)
				}
			}
		}
	}
	if len(offs) != td.SpanCount() {
		return nil, fmt.Errorf("found %d trace ids in the request bytes, want %d", len(offs), td.SpanCount())
	}
	return offs, nil
}

// next returns request i (cycling) with fresh trace ids and its span count.
func (p *requestPool) next(i int) ([]byte, int) {
	src := p.bodies[i%len(p.bodies)]
	buf := make([]byte, len(src))
	copy(buf, src)
	for _, off := range p.offsets[i%len(p.offsets)] {
		binary.BigEndian.PutUint32(buf[off:], p.nonce)
		binary.BigEndian.PutUint32(buf[off+4:], p.seq.Add(1))
	}
	return buf, p.spans[i%len(p.spans)]
}

// sendStats counts what the collector accepted; refused spans are losses.
type sendStats struct {
	mu       sync.Mutex
	sent     int64
	accepted int64
	failed   int64
	lastErr  error
}

func (s *sendStats) record(spans int, rejected int64, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent += int64(spans)
	if err != nil {
		s.failed += int64(spans)
		s.lastErr = err
		return
	}
	s.accepted += int64(spans) - rejected
	s.failed += rejected
}

func (s *sendStats) snapshot() (sent, accepted, failed int64, lastErr error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent, s.accepted, s.failed, s.lastErr
}

// drive sends pool requests with `workers` in flight until ctx ends. rate > 0 paces the
// requests to rate spans/s (request k leaves at start + k·spans/rate); rate 0 is flat out,
// throttled only by the collector's back-pressure.
func drive(ctx context.Context, c *rawClient, pool *requestPool, workers int, rate float64, st *sendStats) {
	var next atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				k := int(next.Add(1) - 1)
				body, spans := pool.next(k)
				if rate > 0 {
					due := start.Add(time.Duration(float64(k*spans) / rate * float64(time.Second)))
					if d := time.Until(due); d > 0 {
						select {
						case <-ctx.Done():
							return
						case <-time.After(d):
						}
					}
				}
				rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
				rejected, err := c.export(rctx, body)
				cancel()
				st.record(spans, rejected, err)
			}
		})
	}
	wg.Wait()
}
