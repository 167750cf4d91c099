package loadgen

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strings"
	"testing"

	"go.opentelemetry.io/collector/pdata/ptrace"
)

// defaultOutputSHA256 pins what the generator writes for defaultOutputOptions: end-to-end
// benchmark rounds of different days compare only if their spans are the same. Update it on
// purpose (and say so in BENCHMARKS.md) when the generated spans are meant to change.
const defaultOutputSHA256 = "884cfc8a8ead8f75d81e1645bf5ac084e55521812410e28355a94dd62c039928"

func defaultOutputOptions(mix []DialectShare) Options {
	return Options{Seed: 7, BaseTime: base, NonGenAISpanRatio: 0.2, ErrorRate: 0.05, ZeroResultRate: 0.1, Dialects: mix}
}

func outputSHA256(t *testing.T, o Options) string {
	t.Helper()
	g := mustNew(t, o)
	h := sha256.New()
	for range 3 {
		b, err := (&ptrace.ProtoMarshaler{}).MarshalTraces(g.Next(300))
		if err != nil {
			t.Fatal(err)
		}
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestSemconvOutputUnchanged(t *testing.T) {
	for name, mix := range map[string][]DialectShare{
		"no mix":         nil,
		"semconv only":   {{DialectSemconv, 3}},
		"others weigh 0": {{DialectSemconv, 1}, {DialectOpenLLMetry, 0}, {DialectVercelAI, 0}},
	} {
		t.Run(name, func(t *testing.T) {
			if got := outputSHA256(t, defaultOutputOptions(mix)); got != defaultOutputSHA256 {
				t.Fatalf("generated spans changed: sha256 %s, want %s", got, defaultOutputSHA256)
			}
		})
	}
}

func TestParseDialects(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    []DialectShare
		wantErr string
	}{
		{in: "semconv", want: []DialectShare{{DialectSemconv, 1}}},
		{in: " semconv=70, openllmetry=10,openinference=10 ,vercel_ai=10", want: []DialectShare{
			{DialectSemconv, 70}, {DialectOpenLLMetry, 10}, {DialectOpenInference, 10}, {DialectVercelAI, 10}}},
		{in: "vercel_ai=0.5,semconv", want: []DialectShare{{DialectVercelAI, 0.5}, {DialectSemconv, 1}}},
		{in: "", wantErr: "no dialect given"},
		{in: "langfuse", wantErr: `unknown dialect "langfuse"`},
		{in: "semconv=x", wantErr: `weight "x" is not a number`},
		{in: "semconv=-1", wantErr: "weight must be >= 0"},
		{in: "semconv=0,vercel_ai=0", wantErr: "must not all be 0"},
		{in: "semconv,semconv", wantErr: "listed twice"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseDialects(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("got %v, want %v", got, tc.want)
				}
			}
		})
	}
	if _, err := New(Options{Dialects: []DialectShare{{"otel", 1}}}); err == nil {
		t.Fatal("New accepted an unknown dialect")
	}
}

// dialectMarker is the attribute only that dialect's call spans carry.
var dialectMarker = map[Dialect]string{
	DialectSemconv:       "gen_ai.input.messages",
	DialectOpenLLMetry:   "llm.request.type",
	DialectOpenInference: "openinference.span.kind",
	DialectVercelAI:      "ai.operationId",
}

func dialectOf(t *testing.T, sp ptrace.Span) Dialect {
	t.Helper()
	var found []Dialect
	for d, key := range dialectMarker {
		if _, ok := sp.Attributes().Get(key); ok {
			found = append(found, d)
		}
	}
	if len(found) != 1 {
		t.Fatalf("span %q carries the markers of %v", sp.Name(), found)
	}
	return found[0]
}

func TestDialectMixShares(t *testing.T) {
	mix := []DialectShare{{DialectSemconv, 40}, {DialectOpenLLMetry, 20}, {DialectOpenInference, 20}, {DialectVercelAI, 20}}
	g := mustNew(t, Options{Seed: 3, Dialects: mix})
	const n = 4000
	counts := map[Dialect]int{}
	for _, ref := range all(g.Next(n)) {
		counts[dialectOf(t, ref.span)]++
	}
	for _, d := range mix {
		want := float64(n) * d.Weight / 100
		if got := float64(counts[d.Dialect]); math.Abs(got-want) > 4*math.Sqrt(want) {
			t.Errorf("%s: %v spans, want about %v", d.Dialect, got, want)
		}
	}
}

// TestDialectsWriteTheSameCalls: a mix changes how calls are written, not which calls are
// made: ids, timing, status and span layout match the semconv run of the same seed.
func TestDialectsWriteTheSameCalls(t *testing.T) {
	o := Options{Seed: 11, BaseTime: base, NonGenAISpanRatio: 0.3, ErrorRate: 0.2}
	semconv := all(mustNew(t, o).Next(600))
	for _, d := range AllDialects()[1:] {
		t.Run(string(d), func(t *testing.T) {
			o := o
			o.Dialects = []DialectShare{{d, 1}}
			other := all(mustNew(t, o).Next(600))
			if len(other) != len(semconv) {
				t.Fatalf("%d spans, semconv %d", len(other), len(semconv))
			}
			bySpanID := map[[8]byte]ptrace.Span{}
			for _, ref := range semconv {
				bySpanID[ref.span.SpanID()] = ref.span
			}
			calls := 0
			for _, ref := range other {
				want, ok := bySpanID[ref.span.SpanID()]
				if !ok {
					t.Fatalf("span %v not in the semconv run", ref.span.SpanID())
				}
				if ref.span.TraceID() != want.TraceID() || ref.span.ParentSpanID() != want.ParentSpanID() ||
					ref.span.StartTimestamp() != want.StartTimestamp() || ref.span.EndTimestamp() != want.EndTimestamp() ||
					ref.span.Status().Code() != want.Status().Code() || ref.span.Events().Len() != want.Events().Len() {
					t.Fatalf("span %v differs from the semconv run", ref.span.SpanID())
				}
				if _, isCall := want.Attributes().Get(dialectMarker[DialectSemconv]); isCall {
					calls++
					if got := dialectOf(t, ref.span); got != d {
						t.Fatalf("call written as %s, want %s", got, d)
					}
				}
			}
			if calls == 0 {
				t.Fatal("no call compared")
			}
		})
	}
}
