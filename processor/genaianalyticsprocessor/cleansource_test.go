package genaianalyticsprocessor

import (
	"strings"
	"testing"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/redact"
)

// cleanSourceCases put detector-shaped text at the edges cleanSource reasons about: string
// ends, trimmed spaces, texts joined from several parts or messages, plain text.
var cleanSourceCases = []string{
	`[{"role":"user","parts":[{"type":"text","content":"card 4111 1111"},{"type":"text","content":"1111 1111"}]}]`,
	`[{"role":"user","content":"  Bearer abcdefghijkl  "}]`,
	`[{"role":"user","content":"token Bearer"},{"role":"assistant","content":"abcdefghijkl"}]`,
	`[{"role":"assistant","content":"Bearer "},{"role":"assistant","content":" abcdefghijkl"}]`,
	`[{"role":"user","content":"call (555) 123-4567)"},{"role":"user","content":"+1 (555) 123 4567 "}]`,
	`[{"role":"assistant","content":["mail a@b", ".com 10.0.0", ".1"]}]`,
	`  +1 555 123 4567  `, "\t Bearer\tabcdefghijkl \n",
	`[{"role":"assistant","content":"sk-"},{"role":"assistant","content":"abcdefghijklmnopqrstuvwxyz"}]`,
	`{"messages":[{"role":"user","content":[{"type":"text","text":"AKIA"},{"type":"text","text":"ABCDEFGHIJKLMNOP"}]}]}`,
	`[{"role":"user","content":"eyJhbGciOiJIUzI1NiJ9"},{"role":"user","content":".eyJzdWIiOiIxIn0.sig"}]`,
	`[{"role":"assistant","content":" 4111-1111-1111-1111"},{"role":"assistant","content":"-1 2"}]`,
	`{"prompt":"  x@example.com "}`, `["1.2.3.4 ", " 5.6.7.8"]`,
	// Escapes: the text is no substring of its source.
	`["Bearer\u0020abcdefghijkl"]`, `["4111\u00201111 1111 1111"]`, `["x\u0040example.com"]`,
}

// allModesRedactor masks with every detector on.
func allModesRedactor() *redact.Redactor {
	m := redact.ModeMask
	return redact.New(redact.Config{Emails: m, Phones: m, Cards: m, IPv4: m, APIKeys: m, AWSKeys: m, JWTs: m, BearerTokens: m})
}

// checkCleanSource fails when text, read from a source cleanSource calls clean, would change
// under redaction.
func checkCleanSource(t *testing.T, in, out string) {
	t.Helper()
	m := pcommon.NewMap()
	m.PutStr(genai.KeyInputMessages, in)
	m.PutStr(genai.KeyOutputMessages, out)
	a := indexAttrs(m)
	text := extractText(&a, ptrace.NewSpanEventSlice())
	for _, r := range []*redact.Redactor{redact.New(redact.DefaultConfig()), allModesRedactor()} {
		for _, side := range []struct{ value, source, text string }{
			{in, text.inSource, text.query}, {out, text.outSource, text.response},
		} {
			if _, changed := r.Redact(side.value); changed || !cleanSource(pcommon.NewValueStr(side.value), side.source) {
				continue
			}
			if got, changed := r.Redact(strings.TrimSpace(side.text)); changed {
				t.Fatalf("clean source %q, but its text %q redacts to %q", side.value, side.text, got)
			}
		}
	}
}

func TestCleanSourceNeedsNoRedaction(t *testing.T) {
	for _, in := range cleanSourceCases {
		for _, out := range cleanSourceCases {
			checkCleanSource(t, in, out)
		}
	}
	for _, span := range genai.Spans(loadgenTraces(t, 300)) {
		checkCleanSource(t, genai.Str(span.Attributes(), genai.KeyInputMessages), genai.Str(span.Attributes(), genai.KeyOutputMessages))
	}
}

func TestCleanSourceNeedsUnchangedVerbatimSource(t *testing.T) {
	src := `[{"role":"user","content":"a"}]`
	for _, c := range []struct {
		v      pcommon.Value
		source string
		want   bool
	}{
		{pcommon.NewValueStr(src), src, true},
		{pcommon.NewValueStr(src), "", false},
		{pcommon.NewValueStr(`[{"role":"user","content":"b"}]`), src, false},
		{pcommon.NewValueStr(`["a\"b"]`), `["a\"b"]`, false},
		{pcommon.NewValueInt(1), src, false},
	} {
		if got := cleanSource(c.v, c.source); got != c.want {
			t.Errorf("cleanSource(%q, %q) = %v", c.v.AsString(), c.source, got)
		}
	}
}

// FuzzCleanSourceNeedsNoRedaction checks the reasoning of cleanSource on any message JSON.
func FuzzCleanSourceNeedsNoRedaction(f *testing.F) {
	for i, s := range cleanSourceCases {
		f.Add(s, cleanSourceCases[(i+1)%len(cleanSourceCases)])
	}
	f.Fuzz(func(t *testing.T, in, out string) {
		checkCleanSource(t, in, out)
		// The same texts as message parts, where the walk returns them (when they are valid
		// string content) and joins them.
		parts := `[{"role":"user","parts":[{"type":"text","content":"` + in + `"},{"type":"text","content":"` + out + `"}]}]`
		messages := `[{"role":"assistant","content":"` + out + `"},{"role":"assistant","content":"` + in + `"}]`
		checkCleanSource(t, parts, messages)
	})
}
