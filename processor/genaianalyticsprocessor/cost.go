package genaianalyticsprocessor

import (
	"math"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/pricing"
)

// applyCost writes aianalytics.cost.usd and aianalytics.cost.source. A cost provided on the span
// wins; an unknown model leaves the cost absent (NULL in ClickHouse) with source unknown.
func (p *genaiProcessor) applyCost(attrs pcommon.Map, at time.Time) {
	for _, k := range [...]string{keyProvidedCost, keyOICost} {
		if v, ok := attrs.Get(k); ok {
			if f, ok := genai.AsFloat(v); ok && f >= 0 && !math.IsInf(f, 0) && !math.IsNaN(f) {
				attrs.PutDouble(genai.KeyCostUSD, f)
				attrs.PutStr(genai.KeyCostSource, genai.CostSourceProvided)
				return
			}
		}
	}
	cost, source, ok := p.pricing.Cost(pricing.Call{
		Provider:      genai.Str(attrs, genai.KeyProviderName),
		ResponseModel: genai.Str(attrs, genai.KeyResponseModel),
		RequestModel:  genai.Str(attrs, genai.KeyRequestModel),
		Usage: pricing.Usage{
			Input:      genai.Int(attrs, genai.KeyInputTokens),
			Output:     genai.Int(attrs, genai.KeyOutputTokens),
			CacheRead:  genai.Int(attrs, genai.KeyCacheReadTokens),
			CacheWrite: genai.Int(attrs, genai.KeyCacheWriteTokens),
			Reasoning:  genai.Int(attrs, genai.KeyReasoningTokens),
		},
		At: at,
	})
	if !ok {
		attrs.Remove(genai.KeyCostUSD)
		attrs.PutStr(genai.KeyCostSource, genai.CostSourceUnknown)
		p.tel.count(p.tel.unknownCost, 1, "model", "unknown")
		return
	}
	// Round to a nano-dollar so sums of float costs stay stable.
	attrs.PutDouble(genai.KeyCostUSD, math.Round(cost*1e9)/1e9)
	attrs.PutStr(genai.KeyCostSource, source)
}
