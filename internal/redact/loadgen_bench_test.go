package redact

import (
	"testing"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/loadgen"
)

// loadgenMessages returns the message attributes (input and output JSON) of n spans as the
// load generator writes them: the text Redact sees per span in the end-to-end runs, whose
// letter mix (many 'b's in ordinary words) differs from benchText.
func loadgenMessages(tb testing.TB, n int) []string {
	tb.Helper()
	g, err := loadgen.New(loadgen.DefaultOptions())
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, rs := range g.Next(n).ResourceSpans().All() {
		for _, ss := range rs.ScopeSpans().All() {
			for _, sp := range ss.Spans().All() {
				for _, k := range []string{genai.KeyInputMessages, genai.KeyOutputMessages} {
					if v, ok := sp.Attributes().Get(k); ok {
						out = append(out, v.Str())
					}
				}
			}
		}
	}
	return out
}

// benchLoadgen redacts every message of 300 generated spans per op.
func benchLoadgen(b *testing.B, r *Redactor) {
	msgs := loadgenMessages(b, 300)
	size := 0
	for _, m := range msgs {
		size += len(m)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		for _, m := range msgs {
			r.Redact(m)
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

func BenchmarkRedactDefaultLoadgen(b *testing.B) { benchLoadgen(b, New(DefaultConfig())) }

func BenchmarkRedactAllLoadgen(b *testing.B) { benchLoadgen(b, New(allMask())) }

// BenchmarkFindLoadgen times each default detector alone on the generated messages.
func BenchmarkFindLoadgen(b *testing.B) {
	msgs := loadgenMessages(b, 300)
	for _, d := range []struct {
		name string
		find finder
	}{{"bearer", findBearer}, {"jwt", findJWT}, {"apikey", findAPIKey}, {"aws", findAWSKey}, {"card", findCard}} {
		b.Run(d.name, func(b *testing.B) {
			for b.Loop() {
				for _, m := range msgs {
					d.find(m, 0)
				}
			}
		})
	}
}

// TestFastFindersMatchReferenceLoadgen checks the fast finders on the generated messages.
func TestFastFindersMatchReferenceLoadgen(t *testing.T) {
	for _, m := range loadgenMessages(t, 40) {
		assertSameAsReference(t, m)
	}
}
