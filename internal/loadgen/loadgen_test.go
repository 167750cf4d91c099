package loadgen

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.uber.org/goleak"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var base = time.Date(2025, 10, 1, 12, 0, 0, 0, time.UTC)

func mustNew(t *testing.T, o Options) *Generator {
	t.Helper()
	g, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

type spanRef struct {
	res  pcommon.Resource
	span ptrace.Span
}

func all(td ptrace.Traces) []spanRef {
	var out []spanRef
	for _, rs := range td.ResourceSpans().All() {
		for _, ss := range rs.ScopeSpans().All() {
			for _, sp := range ss.Spans().All() {
				out = append(out, spanRef{rs.Resource(), sp})
			}
		}
	}
	return out
}

func isGenAI(sp ptrace.Span) bool {
	_, ok := sp.Attributes().Get(genai.KeyOperationName)
	return ok
}

func TestDeterminism(t *testing.T) {
	gen := func(seed uint64) []byte {
		g := mustNew(t, Options{Seed: seed, BaseTime: base, NonGenAISpanRatio: 0.3, ErrorRate: 0.1, ZeroResultRate: 0.1})
		var all []byte
		for range 3 {
			b, err := (&ptrace.ProtoMarshaler{}).MarshalTraces(g.Next(200))
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, b...)
		}
		return all
	}
	if !bytes.Equal(gen(42), gen(42)) {
		t.Fatal("same seed produced different traces")
	}
	if bytes.Equal(gen(42), gen(43)) {
		t.Fatal("different seeds produced identical traces")
	}
}

func TestNextReturnsExactlyN(t *testing.T) {
	for _, tc := range []struct {
		n     int
		ratio float64
	}{{1, 0}, {1, 0.9}, {100, 0}, {100, 0.5}, {999, 0.75}} {
		g := mustNew(t, Options{Seed: 1, NonGenAISpanRatio: tc.ratio})
		if got := g.Next(tc.n).SpanCount(); got != tc.n {
			t.Errorf("n=%d ratio=%g: got %d spans", tc.n, tc.ratio, got)
		}
	}
	g := mustNew(t, Options{SpansPerRequest: 37})
	if got := g.NextBatch().SpanCount(); got != 37 {
		t.Errorf("NextBatch: got %d spans, want 37", got)
	}
}

func TestAttributesAndTypes(t *testing.T) {
	g := mustNew(t, Options{Seed: 3, BaseTime: base, ErrorRate: 0.2, ZeroResultRate: 0.2})
	models := map[string]Model{}
	for _, m := range DefaultModels() {
		models[m.Request] = m
	}
	for _, ref := range all(g.Next(2000)) {
		sp, a := ref.span, ref.span.Attributes()
		typ := func(key string, want pcommon.ValueType) pcommon.Value {
			t.Helper()
			v, ok := a.Get(key)
			if !ok {
				t.Fatalf("%s missing on %q", key, sp.Name())
			}
			if v.Type() != want {
				t.Fatalf("%s is %s, want %s", key, v.Type(), want)
			}
			return v
		}
		if v, ok := ref.res.Attributes().Get(genai.KeyServiceName); !ok || v.Str() == "" {
			t.Fatal("resource without service.name")
		}
		if typ(genai.KeyOperationName, pcommon.ValueTypeStr).Str() != "chat" {
			t.Fatal("operation is not chat")
		}
		m, ok := models[typ(genai.KeyRequestModel, pcommon.ValueTypeStr).Str()]
		if !ok || typ(genai.KeyProviderName, pcommon.ValueTypeStr).Str() != m.Provider {
			t.Fatalf("unknown model or provider mismatch on %q", sp.Name())
		}
		if sp.Name() != "chat "+m.Request || sp.Kind() != ptrace.SpanKindClient {
			t.Fatalf("name %q kind %s", sp.Name(), sp.Kind())
		}
		for _, k := range []string{KeyTenantID, KeyUserID, KeySessionID, KeyAppChannel, KeyCountry, genai.KeyUserSegment, genai.KeyConversationID} {
			if typ(k, pcommon.ValueTypeStr).Str() == "" {
				t.Fatalf("%s empty", k)
			}
		}
		if !m.Reasoning {
			typ(genai.KeyRequestTemperature, pcommon.ValueTypeDouble)
		}
		in := decode(t, typ(genai.KeyInputMessages, pcommon.ValueTypeStr).Str())
		if in[0].Role != "system" || in[len(in)-1].Role != "user" || len(in)%2 != 0 {
			t.Fatalf("input roles: first %s last %s len %d", in[0].Role, in[len(in)-1].Role, len(in))
		}
		if _, failed := a.Get(genai.KeyErrorType); failed {
			if sp.Status().Code() != ptrace.StatusCodeError {
				t.Fatal("error.type without ERROR status")
			}
			for _, k := range []string{genai.KeyOutputMessages, genai.KeyOutputTokens, genai.KeyResponseID} {
				if _, ok := a.Get(k); ok {
					t.Fatalf("failed call carries %s", k)
				}
			}
			continue
		}
		if typ(genai.KeyResponseModel, pcommon.ValueTypeStr).Str() != m.Response {
			t.Fatal("response model does not match request model")
		}
		typ(genai.KeyResponseID, pcommon.ValueTypeStr)
		in0 := typ(genai.KeyInputTokens, pcommon.ValueTypeInt).Int()
		if out := typ(genai.KeyOutputTokens, pcommon.ValueTypeInt).Int(); in0 <= 0 || out <= 0 {
			t.Fatalf("tokens in=%d out=%d", in0, out)
		}
		if v, ok := a.Get(genai.KeyCacheReadTokens); ok && (v.Type() != pcommon.ValueTypeInt || v.Int() > in0) {
			t.Fatalf("cache read %v > input %d", v.AsRaw(), in0)
		}
		fr := typ(genai.KeyFinishReasons, pcommon.ValueTypeSlice).Slice()
		if fr.Len() != 1 || fr.At(0).Type() != pcommon.ValueTypeStr {
			t.Fatal("finish_reasons must be one string")
		}
		out := decode(t, typ(genai.KeyOutputMessages, pcommon.ValueTypeStr).Str())
		if len(out) != 1 || out[0].Role != "assistant" || out[0].FinishReason != fr.At(0).Str() {
			t.Fatalf("output messages %+v vs finish %s", out, fr.At(0).Str())
		}
		if d := sp.EndTimestamp().AsTime().Sub(sp.StartTimestamp().AsTime()); d < 300*time.Millisecond || d > 8*time.Second {
			t.Fatalf("duration %s out of range", d)
		}
	}
}

func decode(t *testing.T, s string) []Message {
	t.Helper()
	var msgs []Message
	if err := json.Unmarshal([]byte(s), &msgs); err != nil {
		t.Fatalf("messages do not parse: %v\n%s", err, s)
	}
	if len(msgs) == 0 {
		t.Fatal("no messages")
	}
	for _, m := range msgs {
		if len(m.Parts) != 1 || m.Parts[0].Type != "text" {
			t.Fatalf("bad parts %+v", m)
		}
	}
	return msgs
}

func TestRatios(t *testing.T) {
	for _, tc := range []struct{ errRate, zeroRate, nonGenAI float64 }{
		{0.02, 0.08, 0}, {0.1, 0.3, 0.5}, {0, 0, 0.2}, {0.5, 0.5, 0.75},
	} {
		g := mustNew(t, Options{Seed: 9, ErrorRate: tc.errRate, ZeroResultRate: tc.zeroRate, NonGenAISpanRatio: tc.nonGenAI})
		var spans, calls, errs, zero int
		for _, ref := range all(g.Next(10000)) {
			spans++
			if !isGenAI(ref.span) {
				for k := range ref.span.Attributes().All() {
					if strings.HasPrefix(k, "gen_ai.") {
						t.Fatalf("non-GenAI span %q has %s", ref.span.Name(), k)
					}
				}
				continue
			}
			calls++
			if _, ok := ref.span.Attributes().Get(genai.KeyErrorType); ok {
				errs++
				continue
			}
			v, _ := ref.span.Attributes().Get(genai.KeyOutputMessages)
			var out []Message
			_ = json.Unmarshal([]byte(v.Str()), &out)
			for _, p := range ZeroResultPrefixes {
				if strings.HasPrefix(out[0].Parts[0].Content, p) {
					zero++
					break
				}
			}
		}
		near(t, "non-GenAI ratio", float64(spans-calls)/float64(spans), tc.nonGenAI)
		near(t, "error rate", float64(errs)/float64(calls), tc.errRate)
		near(t, "zero-result rate", float64(zero)/float64(calls-errs), tc.zeroRate)
	}
}

// near allows 4 standard deviations of a binomial over ~10k draws, at least 1 point.
func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	tol := max(0.01, 4*math.Sqrt(want*(1-want)/2500))
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.4f, want %.4f ± %.4f", what, got, want, tol)
	}
}

func TestMessageBytes(t *testing.T) {
	for _, target := range []int{1024, 2048, 8192, 32768} {
		g := mustNew(t, Options{Seed: 5, MessageBytes: target})
		var total, n int
		for _, ref := range all(g.Next(2000)) {
			if _, failed := ref.span.Attributes().Get(genai.KeyErrorType); failed {
				continue
			}
			in, _ := ref.span.Attributes().Get(genai.KeyInputMessages)
			out, _ := ref.span.Attributes().Get(genai.KeyOutputMessages)
			total += len(in.Str()) + len(out.Str())
			n++
		}
		if mean := float64(total) / float64(n); math.Abs(mean-float64(target)) > 0.1*float64(target) {
			t.Errorf("MessageBytes=%d: mean size %.0f", target, mean)
		}
	}
	// Negative disables history: system prompt and the question only.
	g := mustNew(t, Options{Seed: 5, MessageBytes: -1})
	for _, ref := range all(g.Next(100)) {
		in, _ := ref.span.Attributes().Get(genai.KeyInputMessages)
		if msgs := decode(t, in.Str()); len(msgs) != 2 {
			t.Fatalf("MessageBytes<0: %d input messages", len(msgs))
		}
	}
}

func TestTimestamps(t *testing.T) {
	g := mustNew(t, Options{Seed: 2, BaseTime: base, Interval: time.Minute})
	spans := all(g.Next(1000))
	last := spans[len(spans)-1].span.StartTimestamp().AsTime()
	for _, ref := range spans {
		if ref.span.StartTimestamp().AsTime().Before(base) {
			t.Fatal("span before BaseTime")
		}
	}
	// 1000 traces one minute apart on average: roughly 1000 minutes of backfill.
	if d := last.Sub(base); d < 900*time.Minute || d > 1100*time.Minute {
		t.Errorf("backfill spans %s, want ~1000m", d)
	}

	live := mustNew(t, Options{Seed: 2, NonGenAISpanRatio: 0.5})
	before := time.Now()
	for _, ref := range all(live.Next(500)) {
		start, end := ref.span.StartTimestamp().AsTime(), ref.span.EndTimestamp().AsTime()
		if end.After(time.Now()) || start.Before(before.Add(-10*time.Second)) || !start.Before(end) {
			t.Fatalf("live span %s..%s not ending now", start, end)
		}
	}
}

func TestNonGenAISpansShareTraces(t *testing.T) {
	g := mustNew(t, Options{Seed: 4, NonGenAISpanRatio: 0.6})
	genaiParents := map[pcommon.SpanID]bool{}
	roots := map[pcommon.SpanID]pcommon.TraceID{}
	for _, ref := range all(g.Next(3000)) {
		sp := ref.span
		switch {
		case isGenAI(sp):
			genaiParents[sp.ParentSpanID()] = true
		case sp.Kind() == ptrace.SpanKindServer:
			roots[sp.SpanID()] = sp.TraceID()
		}
	}
	linked := 0
	for id := range roots {
		if genaiParents[id] {
			linked++
		}
	}
	if len(roots) == 0 || linked < len(roots)-1 { // the last trace may be cut by n
		t.Fatalf("%d of %d HTTP server spans parent a GenAI call", linked, len(roots))
	}
}

func TestOptions(t *testing.T) {
	g := mustNew(t, Options{Seed: 1, Providers: []string{"anthropic", "gcp.gemini"}})
	for _, ref := range all(g.Next(500)) {
		p, _ := ref.span.Attributes().Get(genai.KeyProviderName)
		if p.Str() != "anthropic" && p.Str() != "gcp.gemini" {
			t.Fatalf("provider %s not requested", p.Str())
		}
	}
	for name, o := range map[string]Options{
		"unknown provider": {Providers: []string{"nope"}},
		"error rate":       {ErrorRate: 1.5},
		"zero rate":        {ZeroResultRate: -0.1},
		"ratio":            {NonGenAISpanRatio: 0.95},
		"tenants":          {Tenants: -1},
	} {
		if _, err := New(o); err == nil {
			t.Errorf("%s: expected an error", name)
		}
	}
	// One tenant, one user, one session: identities collapse but generation still works.
	one := mustNew(t, Options{Tenants: 1, UsersPerTenant: 1, SessionsPerUser: 1})
	sessions := map[string]bool{}
	for _, ref := range all(one.Next(50)) {
		s, _ := ref.span.Attributes().Get(KeySessionID)
		sessions[s.Str()] = true
	}
	if len(sessions) != 1 {
		t.Fatalf("%d sessions, want 1", len(sessions))
	}
}

func BenchmarkNext(b *testing.B) {
	g, _ := New(Options{Seed: 1})
	b.ReportAllocs()
	for b.Loop() {
		g.Next(100)
	}
}
