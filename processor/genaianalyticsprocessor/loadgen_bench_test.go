package genaianalyticsprocessor

import (
	"strings"
	"testing"

	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/loadgen"
)

// loadgenTraces is a batch of n spans from the load generator's default options: the text mix
// of the end-to-end runs (system prompt, history from the support corpus, 8 % "I don't know").
func loadgenTraces(tb testing.TB, n int) ptrace.Traces {
	tb.Helper()
	g, err := loadgen.New(loadgen.DefaultOptions())
	if err != nil {
		tb.Fatal(err)
	}
	return g.Next(n)
}

// loadgenTexts is the query and response text of every generated span with content.
func loadgenTexts(tb testing.TB, n int) (queries, responses []string) {
	tb.Helper()
	for _, span := range genai.Spans(loadgenTraces(tb, n)) {
		a := indexAttrs(span.Attributes())
		t := extractText(&a, span.Events())
		if t.query != "" {
			queries = append(queries, strings.TrimSpace(t.query))
		}
		if t.response != "" {
			responses = append(responses, strings.TrimSpace(t.response))
		}
	}
	return queries, responses
}

// BenchmarkProcessTracesLoadgen is BenchmarkProcessTraces on generated spans.
func BenchmarkProcessTracesLoadgen(b *testing.B) {
	src := loadgenTraces(b, benchBatch)
	benchProcessBatches(b, func(n int) ptrace.Traces { return firstSpans(src, n) })
}

// BenchmarkProcessTracesLoadgenDialect is BenchmarkProcessTracesLoadgen with the same calls
// written in each dialect: what normalizing another instrumentation's spans costs.
func BenchmarkProcessTracesLoadgenDialect(b *testing.B) {
	for _, d := range loadgen.AllDialects() {
		b.Run(string(d), func(b *testing.B) {
			opts := loadgen.DefaultOptions()
			opts.Dialects = []loadgen.DialectShare{{Dialect: d, Weight: 1}}
			g, err := loadgen.New(opts)
			if err != nil {
				b.Fatal(err)
			}
			src := g.Next(benchBatch)
			benchProcessBatches(b, func(n int) ptrace.Traces { return firstSpans(src, n) })
		})
	}
}

// firstSpans is a copy of src cut after its first n spans.
func firstSpans(src ptrace.Traces, n int) ptrace.Traces {
	td := ptrace.NewTraces()
	src.CopyTo(td)
	td.ResourceSpans().RemoveIf(func(rs ptrace.ResourceSpans) bool {
		rs.ScopeSpans().RemoveIf(func(ss ptrace.ScopeSpans) bool {
			ss.Spans().RemoveIf(func(ptrace.Span) bool {
				n--
				return n < 0
			})
			return ss.Spans().Len() == 0
		})
		return rs.ScopeSpans().Len() == 0
	})
	return td
}

// BenchmarkTextScanLoadgen times the text passes of derive on generated queries and answers:
// fold, categorize, zero-result phrases. One op is every text of 300 spans.
func BenchmarkTextScanLoadgen(b *testing.B) {
	cfg := createDefaultConfig()
	cat, err := newCategorizer(cfg.Categories)
	if err != nil {
		b.Fatal(err)
	}
	zero, err := newZeroResultDetector(cfg.ZeroResult)
	if err != nil {
		b.Fatal(err)
	}
	benchTextScan(b, textScanFuncs{fold: foldText, categorize: cat.categorize, containsPhrase: zero.containsPhrase})
}

// textScanFuncs are the text passes a text-scan benchmark times (the current ones or the
// reference copies in textscan_reference_test.go).
type textScanFuncs struct {
	fold           func(dst []byte, s string) []byte
	categorize     func(query string, folded []byte) string
	containsPhrase func(folded []byte) bool
}

func benchTextScan(b *testing.B, f textScanFuncs) {
	queries, responses := loadgenTexts(b, 300)
	var buf []byte
	b.Run("fold", func(b *testing.B) {
		for b.Loop() {
			for _, s := range responses {
				buf = f.fold(buf[:0], s)
			}
		}
	})
	b.Run("categorize", func(b *testing.B) {
		for b.Loop() {
			for _, q := range queries {
				buf = f.fold(buf[:0], q)
				f.categorize(q, buf)
			}
		}
	})
	b.Run("zero-result", func(b *testing.B) {
		folded := make([][]byte, len(responses))
		for i, r := range responses {
			folded[i] = f.fold(nil, r)
		}
		b.ResetTimer()
		for b.Loop() {
			for _, t := range folded {
				f.containsPhrase(t)
			}
		}
	})
}
