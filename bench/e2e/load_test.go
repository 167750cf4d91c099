package main

import (
	"testing"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
)

// TestRequestPoolStampsFreshTraceIDs checks that every send carries new, distinct trace ids
// and otherwise the generated spans unchanged.
func TestRequestPoolStampsFreshTraceIDs(t *testing.T) {
	pool, err := newRequestPool(3, 2, 50, 0xabcdef01, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[pcommon.TraceID]bool{}
	for i := range 4 { // cycles through the 2 requests twice
		body, spans := pool.next(i)
		req := ptraceotlp.NewExportRequest()
		if err := req.UnmarshalProto(body); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
		td := req.Traces()
		if td.SpanCount() != spans || spans != 50 {
			t.Fatalf("send %d: %d spans, reported %d, want 50", i, td.SpanCount(), spans)
		}
		rss := td.ResourceSpans()
		for r := range rss.Len() {
			sss := rss.At(r).ScopeSpans()
			for s := range sss.Len() {
				ss := sss.At(s).Spans()
				for k := range ss.Len() {
					span := ss.At(k)
					tid := span.TraceID()
					if seen[tid] {
						t.Fatalf("send %d: trace id %s repeated", i, tid)
					}
					seen[tid] = true
					if tid[0] != 0xab || tid[1] != 0xcd || span.Name() == "" {
						t.Fatalf("send %d: span not stamped or damaged: %s %q", i, tid, span.Name())
					}
				}
			}
		}
	}
}
