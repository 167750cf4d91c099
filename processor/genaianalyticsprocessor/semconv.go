package genaianalyticsprocessor

import (
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// Deprecated GenAI semconv names still emitted by many instrumentations.
const (
	keySystemDeprecated           = "gen_ai.system"
	keyPromptTokensDeprecated     = "gen_ai.usage.prompt_tokens"
	keyCompletionTokensDeprecated = "gen_ai.usage.completion_tokens"
	keyPromptDeprecated           = "gen_ai.prompt"
	keyCompletionDeprecated       = "gen_ai.completion"
)

// normalizeSemconv writes current semconv names for values that arrived under deprecated ones.
// Current names win when both are present.
func normalizeSemconv(attrs pcommon.Map) {
	copyIfMissing(attrs, keySystemDeprecated, genai.KeyProviderName)
	copyIfMissing(attrs, keyPromptTokensDeprecated, genai.KeyInputTokens)
	copyIfMissing(attrs, keyCompletionTokensDeprecated, genai.KeyOutputTokens)
	for _, k := range []string{genai.KeyInputTokens, genai.KeyOutputTokens, genai.KeyCacheReadTokens,
		genai.KeyCacheWriteTokens, genai.KeyReasoningTokens} {
		normalizeCount(attrs, k)
	}
}

func copyIfMissing(attrs pcommon.Map, from, to string) {
	if _, ok := attrs.Get(to); ok {
		return
	}
	if v, ok := attrs.Get(from); ok {
		v.CopyTo(attrs.PutEmpty(to))
	}
}

// normalizeCount stores a token count as a non-negative int whatever type it arrived as.
func normalizeCount(attrs pcommon.Map, key string) {
	v, ok := attrs.Get(key)
	if !ok || v.Type() == pcommon.ValueTypeInt && v.Int() >= 0 {
		return
	}
	n, ok := genai.AsInt(v)
	if !ok {
		attrs.Remove(key)
		return
	}
	attrs.PutInt(key, int64(genai.ClampUint32(n)))
}

func firstFinishReason(attrs pcommon.Map) string {
	reasons := genai.StrSlice(attrs, genai.KeyFinishReasons)
	if len(reasons) == 0 {
		return ""
	}
	return reasons[0]
}
