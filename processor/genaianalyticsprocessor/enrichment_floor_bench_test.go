package genaianalyticsprocessor

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// BenchmarkEnrichmentFloor measures what writing the processor's derived attributes alone costs
// through pdata's API, on the same spans as BenchmarkProcessTraces: per span, make room and Put*
// every aianalytics.* attribute the processor wrote for that span (values taken from one
// processed copy, so nothing is parsed, priced, redacted or detected in the timed part). Any
// processor that enriches spans as this one does pays at least this; issue 7 compares it with
// the goal of 1 µs per chat span (BENCHMARKS.md).
func BenchmarkEnrichmentFloor(b *testing.B) {
	for _, c := range []struct {
		name    string
		addSpan func(spans ptrace.SpanSlice, i int)
	}{
		{"metadata-only", func(spans ptrace.SpanSlice, i int) { benchMetadataSpan(spans, i) }},
		{"with-2KB-content", benchChatSpan},
	} {
		b.Run(c.name, func(b *testing.B) {
			derived := derivedAttributesOf(b, c.addSpan)
			b.ReportAllocs()
			b.ResetTimer()
			var cpu time.Duration
			for done := 0; done < b.N; done += benchBatch {
				b.StopTimer()
				n := min(benchBatch, b.N-done)
				td := ptrace.NewTraces()
				spans := td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty().Spans()
				for i := 0; i < n; i++ {
					c.addSpan(spans, i)
				}
				b.StartTimer()
				start := cpuTime()
				for i := 0; i < spans.Len(); i++ {
					writeDerived(spans.At(i).Attributes(), derived)
				}
				cpu += cpuTime() - start
			}
			b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/span")
			b.ReportMetric(float64(derived.Len()), "attrs/span")
		})
	}
}

// derivedAttributesOf runs the processor (enrichment only, as BenchmarkProcessTraces) over one
// span and returns the attributes it added.
func derivedAttributesOf(b *testing.B, addSpan func(spans ptrace.SpanSlice, i int)) pcommon.Map {
	b.Helper()
	p, err := newGenAIProcessor(enrichOnlyConfig(), nopTelemetry())
	if err != nil {
		b.Fatal(err)
	}
	td := ptrace.NewTraces()
	addSpan(td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty().Spans(), 0)
	out, err := p.processTraces(context.Background(), td)
	if err != nil {
		b.Fatal(err)
	}
	derived := pcommon.NewMap()
	for k, v := range out.ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(0).Attributes().All() {
		if strings.HasPrefix(k, "aianalytics.") {
			v.CopyTo(derived.PutEmpty(k))
		}
	}
	if derived.Len() == 0 {
		b.Fatal("the processor derived no aianalytics.* attribute")
	}
	return derived
}

// writeDerived puts derived into attrs the way the processor's writers do: room first, then one
// typed Put per attribute.
func writeDerived(attrs, derived pcommon.Map) {
	attrs.EnsureCapacity(attrs.Len() + derived.Len())
	for k, v := range derived.All() {
		switch v.Type() {
		case pcommon.ValueTypeStr:
			attrs.PutStr(k, v.Str())
		case pcommon.ValueTypeInt:
			attrs.PutInt(k, v.Int())
		case pcommon.ValueTypeDouble:
			attrs.PutDouble(k, v.Double())
		case pcommon.ValueTypeBool:
			attrs.PutBool(k, v.Bool())
		default:
			v.CopyTo(attrs.PutEmpty(k))
		}
	}
}
