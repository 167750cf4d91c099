package genaianalyticsprocessor

import (
	"context"
	"testing"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/loadgen"
)

// comparedKeys are the canonical fields every dialect's call must come out with exactly as
// the same call written in semconv.
var comparedKeys = []string{
	genai.KeyTenantID, genai.KeyUserID, genai.KeySessionID, genai.KeyUserSource, genai.KeyUserSegment,
	genai.KeyGeography, genai.KeyFeatureVersion, genai.KeyQuery, genai.KeyQueryFingerprint, genai.KeyQueryCategory,
	genai.KeyResponse, genai.KeyResponseLength, genai.KeyError, genai.KeyZeroResult, genai.KeyZeroResultReason,
	genai.KeyLatencyMs, genai.KeyProviderName, genai.KeyOperationName, genai.KeyRequestModel, genai.KeyResponseModel,
	genai.KeyResponseID, genai.KeyInputTokens, genai.KeyOutputTokens, genai.KeyCacheReadTokens, genai.KeyFinishReason,
	genai.KeyCostUSD, genai.KeyCostSource,
}

// dialectGaps are the fields a dialect does not record, so they may differ from semconv.
var dialectGaps = map[loadgen.Dialect][]string{
	// No reasoning-token key, so reasoning models cost less in this dialect's reading.
	loadgen.DialectOpenLLMetry: {genai.KeyCostUSD},
	// llm.model_name is the dated model of the response; no response id key.
	loadgen.DialectOpenInference: {genai.KeyRequestModel, genai.KeyResponseModel, genai.KeyResponseID, genai.KeyCostUSD},
	// No cache-write key (ai.usage has cached input tokens only).
	loadgen.DialectVercelAI: {genai.KeyCostUSD},
}

// TestLoadgenDialectsNormalizeAlike runs the load generator's calls through the processor in
// every dialect and checks that each reads back as the same call in semconv: the generator
// writes what the processor understands, and the processor's dialect mapping loses nothing
// it has a key for.
func TestLoadgenDialectsNormalizeAlike(t *testing.T) {
	process := func(t *testing.T, mix []loadgen.DialectShare) map[pcommon.SpanID]ptrace.Span {
		t.Helper()
		opts := loadgen.DefaultOptions()
		opts.Seed, opts.ErrorRate, opts.NonGenAISpanRatio, opts.Dialects = 5, 0.1, 0.2, mix
		g, err := loadgen.New(opts)
		if err != nil {
			t.Fatal(err)
		}
		p, err := newGenAIProcessor(createDefaultConfig(), nopTelemetry())
		if err != nil {
			t.Fatal(err)
		}
		td, err := p.processTraces(context.Background(), g.Next(800))
		if err != nil {
			t.Fatal(err)
		}
		out := map[pcommon.SpanID]ptrace.Span{}
		for _, sp := range genai.Spans(td) {
			if _, ok := sp.Attributes().Get(genai.KeyEventID); ok {
				out[sp.SpanID()] = sp
			}
		}
		return out
	}
	semconv := process(t, nil)
	for _, d := range loadgen.AllDialects() {
		t.Run(string(d), func(t *testing.T) {
			calls := process(t, []loadgen.DialectShare{{Dialect: d, Weight: 1}})
			if len(calls) != len(semconv) || len(calls) < 500 {
				t.Fatalf("%d calls enriched, semconv %d", len(calls), len(semconv))
			}
			gaps := map[string]bool{}
			for _, k := range dialectGaps[d] {
				gaps[k] = true
			}
			for id, sp := range calls {
				want := semconv[id]
				if got := sp.Attributes().AsRaw()[genai.KeyDialect]; got != string(d) {
					t.Fatalf("span %v read as dialect %v, want %s", id, got, d)
				}
				for _, k := range comparedKeys {
					if gaps[k] {
						continue
					}
					g, gok := sp.Attributes().Get(k)
					w, wok := want.Attributes().Get(k)
					if gok != wok || gok && g.AsString() != w.AsString() {
						t.Fatalf("span %v %s = %q (present %v), semconv %q (present %v)\n%v\n%v", id, k, g.AsString(), gok, w.AsString(), wok, sp.Attributes().AsRaw(), want.Attributes().AsRaw())
					}
				}
				if _, ok := sp.Attributes().Get(genai.KeyCostUSD); !ok && !sp.Attributes().AsRaw()[genai.KeyError].(bool) {
					t.Fatalf("span %v of a successful call has no cost", id)
				}
			}
		})
	}
}
