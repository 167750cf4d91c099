package main

import (
	"context"
	"encoding/binary"
	"fmt"
	"sort"
	"sync"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/loadgen"
)

// markerProbe sends single marker spans at known times and records when each one becomes
// selectable in ClickHouse: the ingest-to-queryable latency.
type markerProbe struct {
	gen   *loadgen.Generator
	nonce uint32
	mu    sync.Mutex
	sent  map[string]time.Time
	seen  map[string]time.Duration
}

func newMarkerProbe(nonce uint32) (*markerProbe, error) {
	opts := loadgen.DefaultOptions()
	opts.Seed = uint64(nonce) + 7
	opts.ErrorRate = 0 // an errored call is still a row, but keep markers uniform
	gen, err := loadgen.New(opts)
	if err != nil {
		return nil, fmt.Errorf("marker generator: %w", err)
	}
	return &markerProbe{gen: gen, nonce: nonce, sent: map[string]time.Time{}, seen: map[string]time.Duration{}}, nil
}

// send exports marker number seq: a normal loadgen span tagged with markerName.
func (m *markerProbe) send(ctx context.Context, c *rawClient, seq uint32) error {
	td := m.gen.Next(1)
	rs := td.ResourceSpans().At(0)
	rs.Resource().Attributes().PutStr("service.name", markerName)
	span := rs.ScopeSpans().At(0).Spans().At(0)
	span.Attributes().PutStr(loadgen.KeyTenantID, markerName)
	var tid pcommon.TraceID
	tid[0], tid[1] = 0xbe, 0x4c
	binary.BigEndian.PutUint32(tid[2:], m.nonce)
	binary.BigEndian.PutUint32(tid[6:], seq)
	span.SetTraceID(tid)
	body, err := ptraceotlp.NewExportRequestFromTraces(td).MarshalProto()
	if err != nil {
		return fmt.Errorf("marshaling marker: %w", err)
	}
	m.mu.Lock()
	m.sent[tid.String()] = time.Now()
	m.mu.Unlock()
	_, err = c.export(ctx, body)
	return err
}

// poll records the markers that are selectable now; it returns how many are still missing.
func (m *markerProbe) poll(ctx context.Context, s sink) (int, error) {
	ids, err := s.markers(ctx)
	now := time.Now()
	if err != nil {
		return 0, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, id := range ids {
		if at, ok := m.sent[id]; ok {
			if _, done := m.seen[id]; !done {
				m.seen[id] = now.Sub(at)
			}
		}
	}
	return len(m.sent) - len(m.seen), nil
}

// percentiles returns p50, p99 and max of the observed latencies, in milliseconds.
func (m *markerProbe) percentiles() (p50, p99, maxMs float64, n int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	lat := make([]float64, 0, len(m.seen))
	for _, d := range m.seen {
		lat = append(lat, float64(d)/float64(time.Millisecond))
	}
	if len(lat) == 0 {
		return 0, 0, 0, 0
	}
	sort.Float64s(lat)
	pick := func(q float64) float64 { return lat[min(len(lat)-1, int(q*float64(len(lat))))] }
	return pick(0.50), pick(0.99), lat[len(lat)-1], len(lat)
}
