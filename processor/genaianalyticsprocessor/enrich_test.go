package genaianalyticsprocessor

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/client"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/pricing"
)

// chatSpan builds one semconv chat span with extra attributes.
func chatSpan(extra map[string]any, resource map[string]any) ptrace.Traces {
	td := ptrace.NewTraces()
	rs := td.ResourceSpans().AppendEmpty()
	_ = rs.Resource().Attributes().FromRaw(resource)
	span := rs.ScopeSpans().AppendEmpty().Spans().AppendEmpty()
	span.SetTraceID([16]byte{9, 9, 9})
	span.SetSpanID([8]byte{7, 7, 7})
	span.SetStartTimestamp(1764201600000000000)
	span.SetEndTimestamp(1764201600500000000)
	a := span.Attributes()
	a.PutStr(genai.KeyOperationName, "chat")
	a.PutStr(genai.KeyProviderName, "openai")
	a.PutStr(genai.KeyRequestModel, "gpt-4o")
	a.PutInt(genai.KeyInputTokens, 100)
	a.PutInt(genai.KeyOutputTokens, 10)
	for k, v := range extra {
		_ = a.PutEmpty(k).FromRaw(v)
	}
	return td
}

func msgs(role, text string) string {
	return `[{"role":"` + role + `","parts":[{"type":"text","content":"` + text + `"}]}]`
}

func firstSpan(td ptrace.Traces) ptrace.Span {
	return td.ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(0)
}

func TestEnrichment(t *testing.T) {
	tests := []struct {
		name     string
		cfg      func(*Config)
		ctx      context.Context
		extra    map[string]any
		resource map[string]any
		status   ptrace.StatusCode
		check    func(t *testing.T, a pcommon.Map)
	}{
		{name: "unknown model: NULL cost, source unknown",
			extra: map[string]any{genai.KeyRequestModel: "acme-private-llm"},
			check: func(t *testing.T, a pcommon.Map) {
				_, has := a.Get(genai.KeyCostUSD)
				assert.False(t, has)
				assert.Equal(t, "unknown", genai.Str(a, genai.KeyCostSource))
			}},
		{name: "provided cost wins",
			extra: map[string]any{"gen_ai.usage.cost": 0.5},
			check: func(t *testing.T, a pcommon.Map) {
				assert.Equal(t, 0.5, costOf(a))
				assert.Equal(t, "provided", genai.Str(a, genai.KeyCostSource))
			}},
		{name: "openinference provided cost",
			extra: map[string]any{"llm.cost.total": "0.25"},
			check: func(t *testing.T, a pcommon.Map) {
				assert.Equal(t, 0.25, costOf(a))
			}},
		{name: "override price",
			cfg: func(c *Config) {
				c.Pricing.Overrides = map[string]pricingPrice{"gpt-4o": {InputMTok: 10, OutputMTok: 100}}
			},
			check: func(t *testing.T, a pcommon.Map) {
				assert.InDelta(t, 0.002, costOf(a), 1e-12) // 100×10 + 10×100
				assert.Equal(t, "override", genai.Str(a, genai.KeyCostSource))
			}},
		{name: "pricing file",
			cfg:   func(c *Config) { c.Pricing.File = "../../internal/pricing/testdata/genai-prices-fixture.json" },
			extra: map[string]any{genai.KeyRequestModel: "fixture-model-a", genai.KeyProviderName: "fixture"},
			check: func(t *testing.T, a pcommon.Map) {
				assert.InDelta(t, 0.00011, costOf(a), 1e-12) // (100 + 10) × 1 per million
				assert.Equal(t, "file", genai.Str(a, genai.KeyCostSource))
			}},
		{name: "bedrock anthropic id priced as anthropic",
			extra: map[string]any{genai.KeyProviderName: "aws.bedrock", genai.KeyRequestModel: "anthropic.claude-3-5-sonnet-20241022-v2:0"},
			check: func(t *testing.T, a pcommon.Map) {
				assert.InDelta(t, 0.00045, costOf(a), 1e-12) // 100 × 3 + 10 × 15 per million
				assert.Equal(t, "builtin", genai.Str(a, genai.KeyCostSource))
			}},
		{name: "empty response is a zero result",
			extra: map[string]any{genai.KeyOutputMessages: msgs("assistant", "  ")},
			check: func(t *testing.T, a pcommon.Map) {
				assert.True(t, genai.Bool(a, genai.KeyZeroResult))
				assert.Equal(t, "empty_response", genai.Str(a, genai.KeyZeroResultReason))
				assert.Equal(t, int64(0), genai.Int(a, genai.KeyResponseLength))
			}},
		{name: "no content captured is not a zero result",
			check: func(t *testing.T, a pcommon.Map) {
				assert.False(t, genai.Bool(a, genai.KeyZeroResult))
				_, has := a.Get(genai.KeyResponseLength)
				assert.False(t, has)
			}},
		{name: "content_filter finish reason",
			extra: map[string]any{genai.KeyFinishReasons: []any{"content_filter"}, genai.KeyOutputMessages: msgs("assistant", "partial")},
			check: func(t *testing.T, a pcommon.Map) {
				assert.Equal(t, "finish_reason", genai.Str(a, genai.KeyZeroResultReason))
			}},
		{name: "tool call without text is not empty",
			extra: map[string]any{genai.KeyFinishReasons: []any{"tool_calls"}, genai.KeyOutputMessages: `[{"role":"assistant","parts":[{"type":"tool_call","name":"lookup"}]}]`},
			check: func(t *testing.T, a pcommon.Map) { assert.False(t, genai.Bool(a, genai.KeyZeroResult)) }},
		{name: "phrase with typographic apostrophe and case",
			extra: map[string]any{genai.KeyOutputMessages: msgs("assistant", "Sorry — I DON’T KNOW that.")},
			check: func(t *testing.T, a pcommon.Map) { assert.Equal(t, "phrase", genai.Str(a, genai.KeyZeroResultReason)) }},
		{name: "configured regex",
			cfg:   func(c *Config) { c.ZeroResult.Regexes = []string{`(?i)^no matches`} },
			extra: map[string]any{genai.KeyOutputMessages: msgs("assistant", "No matches for that SKU")},
			check: func(t *testing.T, a pcommon.Map) { assert.Equal(t, "regex", genai.Str(a, genai.KeyZeroResultReason)) }},
		{name: "provided category wins",
			extra: map[string]any{"query.category": "billing", genai.KeyInputMessages: msgs("user", "what is the price?")},
			check: func(t *testing.T, a pcommon.Map) { assert.Equal(t, "billing", genai.Str(a, genai.KeyQueryCategory)) }},
		{name: "keyword is a whole word",
			extra: map[string]any{genai.KeyInputMessages: msgs("user", "Scanning receipts fails")},
			check: func(t *testing.T, a pcommon.Map) { assert.Equal(t, "other", genai.Str(a, genai.KeyQueryCategory)) }},
		{name: "first rule wins",
			extra: map[string]any{genai.KeyInputMessages: msgs("user", "Can I see an error in my subscription?")},
			check: func(t *testing.T, a pcommon.Map) { assert.Equal(t, "pricing", genai.Str(a, genai.KeyQueryCategory)) }},
		{name: "multi-word keyword",
			extra: map[string]any{genai.KeyInputMessages: msgs("user", "Export NOT   working since Monday")},
			check: func(t *testing.T, a pcommon.Map) {
				assert.Equal(t, "troubleshooting", genai.Str(a, genai.KeyQueryCategory))
			}},
		{name: "truncation in runes, length in runes",
			cfg:   func(c *Config) { c.Text.MaxLength = 5 },
			extra: map[string]any{genai.KeyInputMessages: msgs("user", "héllo wörld"), genai.KeyOutputMessages: msgs("assistant", "grüße aus köln")},
			check: func(t *testing.T, a pcommon.Map) {
				assert.Equal(t, "héllo", genai.Str(a, genai.KeyQuery))
				assert.Equal(t, "grüße", genai.Str(a, genai.KeyResponse))
				assert.Equal(t, int64(14), genai.Int(a, genai.KeyResponseLength))
				assert.True(t, genai.Bool(a, genai.KeyTruncated))
			}},
		{name: "tenant from X-Tenant-Id with include_metadata",
			cfg: func(c *Config) { c.Identity.IncludeMetadata = true },
			ctx: client.NewContext(context.Background(), client.Info{Metadata: client.NewMetadata(map[string][]string{"x-tenant-id": {"globex"}})}),
			check: func(t *testing.T, a pcommon.Map) {
				assert.Equal(t, "globex", genai.Str(a, genai.KeyTenantID))
			}},
		{name: "metadata ignored without include_metadata",
			ctx:   client.NewContext(context.Background(), client.Info{Metadata: client.NewMetadata(map[string][]string{"X-Tenant-Id": {"globex"}})}),
			check: func(t *testing.T, a pcommon.Map) { assert.Equal(t, "default", genai.Str(a, genai.KeyTenantID)) }},
		{name: "span beats resource beats metadata",
			cfg:      func(c *Config) { c.Identity.IncludeMetadata = true },
			ctx:      client.NewContext(context.Background(), client.Info{Metadata: client.NewMetadata(map[string][]string{"X-Tenant-Id": {"globex"}})}),
			extra:    map[string]any{"enduser.id": "u-span"},
			resource: map[string]any{"tenant.id": "acme", "user.id": "u-res", "service.version": "2.4.1", "geo.country.iso_code": "DE", "app.channel": "slack"},
			check: func(t *testing.T, a pcommon.Map) {
				assert.Equal(t, "acme", genai.Str(a, genai.KeyTenantID))
				assert.Equal(t, "u-span", genai.Str(a, genai.KeyUserID))
				assert.Equal(t, "2.4.1", genai.Str(a, genai.KeyFeatureVersion))
				assert.Equal(t, "DE", genai.Str(a, genai.KeyGeography))
				assert.Equal(t, "slack", genai.Str(a, genai.KeyUserSource))
			}},
		{name: "status error",
			status: ptrace.StatusCodeError,
			check: func(t *testing.T, a pcommon.Map) {
				assert.True(t, genai.Bool(a, genai.KeyError))
				assert.Equal(t, "_OTHER", genai.Str(a, genai.KeyErrorType))
			}},
		{name: "error.type kept",
			extra: map[string]any{genai.KeyErrorType: "rate_limit_exceeded"},
			check: func(t *testing.T, a pcommon.Map) {
				assert.True(t, genai.Bool(a, genai.KeyError))
				assert.Equal(t, "rate_limit_exceeded", genai.Str(a, genai.KeyErrorType))
			}},
		{name: "secrets redacted on the span and in the query",
			extra: map[string]any{genai.KeyInputMessages: msgs("user", "my key is sk-proj-abcdefghijklmnopqrstuvwxyz0123 help")},
			check: func(t *testing.T, a pcommon.Map) {
				assert.Equal(t, "my key is [API_KEY] help", genai.Str(a, genai.KeyQuery))
				assert.NotContains(t, genai.Str(a, genai.KeyInputMessages), "sk-proj")
			}},
		{name: "drop_content keeps analytics text only",
			cfg:   func(c *Config) { c.Text.DropContent = true },
			extra: map[string]any{genai.KeyInputMessages: msgs("user", "hi"), "gen_ai.prompt.0.content": "hi", "gen_ai.completion.0.finish_reason": "stop"},
			check: func(t *testing.T, a pcommon.Map) {
				_, has := a.Get(genai.KeyInputMessages)
				assert.False(t, has)
				_, has = a.Get("gen_ai.prompt.0.content")
				assert.False(t, has)
				_, has = a.Get("gen_ai.completion.0.finish_reason")
				assert.True(t, has)
				assert.Equal(t, "hi", genai.Str(a, genai.KeyQuery))
			}},
		{name: "bad token counts",
			extra: map[string]any{genai.KeyInputTokens: "abc", genai.KeyOutputTokens: -5},
			check: func(t *testing.T, a pcommon.Map) {
				_, has := a.Get(genai.KeyInputTokens)
				assert.False(t, has)
				assert.Equal(t, int64(0), genai.Int(a, genai.KeyOutputTokens))
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := enrichOnlyConfig()
			if tc.cfg != nil {
				tc.cfg(cfg)
			}
			require.NoError(t, cfg.Validate())
			p, _ := newTestProcessor(t, cfg)
			td := chatSpan(tc.extra, tc.resource)
			firstSpan(td).Status().SetCode(tc.status)
			ctx := tc.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			out, err := p.processTraces(ctx, td)
			require.NoError(t, err)
			tc.check(t, firstSpan(out).Attributes())
		})
	}
}

func TestSkippedOperationsAndWrappersPassUntouched(t *testing.T) {
	p, _ := newTestProcessor(t, enrichOnlyConfig())
	for _, extra := range []map[string]any{
		{genai.KeyOperationName: "execute_tool"},
		{"openinference.span.kind": "CHAIN"},
		{"ai.operationId": "ai.streamText", "ai.model.id": "gpt-4o"},
	} {
		td := ptrace.NewTraces()
		span := td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty().Spans().AppendEmpty()
		_ = span.Attributes().FromRaw(extra)
		before := span.Attributes().Len()
		_, err := p.processTraces(context.Background(), td)
		require.NoError(t, err)
		assert.Equal(t, before, span.Attributes().Len(), "%v", extra)
	}
}

// TestEmptyRetrievalMakesZeroResult covers a retrieval span with no documents in the same
// batch and in an earlier batch of the same trace.
func TestEmptyRetrievalMakesZeroResult(t *testing.T) {
	retriever := func(td ptrace.Traces, docs bool) {
		span := td.ResourceSpans().At(0).ScopeSpans().At(0).Spans().AppendEmpty()
		span.SetTraceID([16]byte{9, 9, 9})
		span.SetSpanID([8]byte{1})
		span.Attributes().PutStr("openinference.span.kind", "RETRIEVER")
		if docs {
			span.Attributes().PutStr("retrieval.documents.0.document.content", "Pro plan: $20")
		}
	}
	answer := map[string]any{genai.KeyOutputMessages: msgs("assistant", "Here is what I found.")}
	for _, tc := range []struct {
		name      string
		docs      bool
		sameBatch bool
		want      string
	}{
		{"same batch, empty", false, true, "no_documents"},
		{"earlier batch, empty", false, false, "no_documents"},
		{"documents found", true, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := newTestProcessor(t, enrichOnlyConfig())
			td := chatSpan(answer, nil)
			if tc.sameBatch {
				retriever(td, tc.docs)
			} else {
				earlier := chatSpan(nil, nil)
				earlier.ResourceSpans().At(0).ScopeSpans().At(0).Spans().RemoveIf(func(ptrace.Span) bool { return true })
				retriever(earlier, tc.docs)
				_, err := p.processTraces(context.Background(), earlier)
				require.NoError(t, err)
			}
			out, err := p.processTraces(context.Background(), td)
			require.NoError(t, err)
			assert.Equal(t, tc.want, genai.Str(firstSpan(out).Attributes(), genai.KeyZeroResultReason))
		})
	}
}

func TestFingerprintGroupsVariants(t *testing.T) {
	a := fingerprint("What's the price of plan 2?")
	assert.Equal(t, a, fingerprint("what’s the PRICE of   plan 3"))
	assert.NotEqual(t, a, fingerprint("what is the price of plan 2"))
	assert.Zero(t, fingerprint("?!"))
}

type pricingPrice = pricing.Price

func costOf(a pcommon.Map) float64 {
	v, _ := a.Get(genai.KeyCostUSD)
	return v.Double()
}
