package genaianalyticsprocessor

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// TestFieldPrecedence: current semconv → deprecated → OpenLLMetry → OpenInference → Vercel.
func TestFieldPrecedence(t *testing.T) {
	tests := []struct {
		name  string
		attrs map[string]any
		key   string
		want  any
	}{
		{"current beats all", map[string]any{genai.KeyInputTokens: 1, keyPromptTokensDeprecated: 2, keyOIPromptTokens: 3, keyVercelPromptTokens: 4}, genai.KeyInputTokens, int64(1)},
		{"deprecated beats openinference", map[string]any{keyPromptTokensDeprecated: 2, keyOIPromptTokens: 3, keyVercelPromptTokens: 4}, genai.KeyInputTokens, int64(2)},
		{"openinference beats vercel", map[string]any{keyOIPromptTokens: 3, keyVercelPromptTokens: 4}, genai.KeyInputTokens, int64(3)},
		{"vercel v5 before v4 names", map[string]any{keyVercelInputTokens: 5, keyVercelPromptTokens: 4}, genai.KeyInputTokens, int64(5)},
		{"openllmetry cache key", map[string]any{keyTraceloopCacheRead: 7, keyOICacheRead: 8}, genai.KeyCacheReadTokens, int64(7)},
		{"input from total", map[string]any{keyTraceloopTotalTokens: 50, genai.KeyOutputTokens: 20}, genai.KeyInputTokens, int64(30)},
		{"string counts", map[string]any{keyOICompTokens: "12"}, genai.KeyOutputTokens, int64(12)},
		{"provider from gen_ai.system", map[string]any{keySystemDeprecated: "openai.chat"}, genai.KeyProviderName, "openai"},
		{"provider kept", map[string]any{genai.KeyProviderName: "aws.bedrock", keyOIProvider: "openai"}, genai.KeyProviderName, "aws.bedrock"},
		{"openinference provider mapped", map[string]any{keyOIProvider: "mistralai"}, genai.KeyProviderName, "mistral_ai"},
		{"vercel google provider", map[string]any{keyVercelProvider: "google.generative-ai"}, genai.KeyProviderName, "gcp.gemini"},
		{"vercel vertex provider", map[string]any{keyVercelProvider: "google.vertex.chat"}, genai.KeyProviderName, "gcp.vertex_ai"},
		{"model from openinference before vercel", map[string]any{keyOIModelName: "a", keyVercelModelID: "b"}, genai.KeyRequestModel, "a"},
		{"traceloop completion op", map[string]any{keyTraceloopRequestType: "completion"}, genai.KeyOperationName, "text_completion"},
		{"vercel finish reason", map[string]any{keyVercelFinishReason: "length"}, genai.KeyFinishReasons, []any{"length"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := pcommon.NewMap()
			assert.NoError(t, m.FromRaw(tc.attrs))
			normalizeFields(m, dialectSemconv)
			v, ok := m.Get(tc.key)
			assert.True(t, ok)
			assert.Equal(t, tc.want, v.AsRaw())
		})
	}
}

func TestDetectDialect(t *testing.T) {
	for _, tc := range []struct {
		attrs   map[string]any
		dialect string
		call    bool
	}{
		{map[string]any{genai.KeyOperationName: "chat"}, dialectSemconv, true},
		{map[string]any{keySystemDeprecated: "openai", genai.KeyRequestModel: "m"}, dialectDeprecated, true},
		{map[string]any{keyTraceloopRequestType: "chat", keySystemDeprecated: "openai"}, dialectTraceloop, true},
		{map[string]any{keyOISpanKind: "LLM"}, dialectOpenInfer, true},
		{map[string]any{keyOISpanKind: "RETRIEVER"}, dialectOpenInfer, false},
		{map[string]any{keyVercelOperationID: "ai.generateText.doGenerate", keyVercelModelID: "gpt-4o"}, dialectVercel, true},
		{map[string]any{keyVercelOperationID: "ai.generateText"}, dialectVercel, false},
		{map[string]any{keyVercelOperationID: "ai.toolCall"}, dialectVercel, false},
		{map[string]any{"http.request.method": "GET"}, "", false},
	} {
		m := pcommon.NewMap()
		assert.NoError(t, m.FromRaw(tc.attrs))
		d, ok := detectDialect(m)
		assert.Equal(t, tc.dialect, d, "%v", tc.attrs)
		assert.Equal(t, tc.call, ok, "%v", tc.attrs)
	}
}

// normalizeSpanFields without fromOthers must do exactly what the full pass does on every span
// attrRoom.normalizes lets through: a semconv span holding any one key of any dialect, with
// values of every type a count may arrive as.
func TestNormalizeWithoutOtherDialectsKeys(t *testing.T) {
	room := newAttrRoom(createDefaultConfig())
	keys := []string{
		keySystemDeprecated, keyPromptTokensDeprecated, keyCompletionTokensDeprecated, keyPromptDeprecated,
		keyCompletionDeprecated, keyProvidedCost, keyTraceloopRequestType, keyTraceloopTotalTokens,
		keyTraceloopCacheRead, keyTraceloopCacheWrite, keyTraceloopFirstCompletion, keyOISpanKind, keyOIModelName,
		keyOIProvider, keyOISystem, keyOIPromptTokens, keyOICompTokens, keyOITotalTokens, keyOICacheRead,
		keyOICacheWrite, keyOIReasoning, keyOICost, keyVercelModelID, keyVercelProvider, keyVercelOperationID,
		keyVercelInputTokens, keyVercelPromptTokens, keyVercelOutputTokens, keyVercelCompTokens,
		keyVercelCachedTokens, keyVercelReasoning, keyVercelResponseModel, keyVercelResponseID,
		keyVercelFinishReason, keyVercelTemperature, genai.KeyRequestTemperature, genai.KeyFinishReasons,
	}
	keys = append(keys, countKeys[:]...)
	values := []any{"12", int64(5), int64(-3), "abc", 2.5, true}
	normalizedBy := func(fromOthers bool, attrs map[string]any, dialect string) map[string]any {
		m := pcommon.NewMap()
		assert.NoError(t, m.FromRaw(attrs))
		a := indexAttrs(m)
		if !fromOthers && room.normalizes(&a, dialect) {
			return nil // not a span the shortcut applies to
		}
		normalizeSpanFields(&a, dialect, fromOthers)
		return m.AsRaw()
	}
	shortcuts := 0
	for _, dialect := range []string{dialectSemconv, dialectDeprecated} {
		for _, k := range keys {
			for _, v := range values {
				attrs := map[string]any{genai.KeyOperationName: "chat", genai.KeyRequestModel: "m", k: v}
				got := normalizedBy(false, attrs, dialect)
				if got == nil {
					continue
				}
				shortcuts++
				assert.Equal(t, normalizedBy(true, attrs, dialect), got, "%s %s=%v", dialect, k, v)
			}
		}
	}
	assert.Positive(t, shortcuts)
}
