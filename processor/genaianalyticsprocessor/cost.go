package genaianalyticsprocessor

import (
	"math"
	"time"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/pricing"
)

// applyCost writes aianalytics.cost.usd and aianalytics.cost.source. A cost provided on the span
// wins; an unknown model leaves the cost absent (NULL in ClickHouse) with source unknown.
func (p *genaiProcessor) applyCost(a *spanAttrs, at time.Time) {
	for _, k := range [...]string{keyProvidedCost, keyOICost} {
		if v, ok := a.Get(k); ok {
			if f, ok := genai.AsFloat(v); ok && f >= 0 && !math.IsInf(f, 0) && !math.IsNaN(f) {
				a.PutDouble(genai.KeyCostUSD, f)
				a.PutStr(genai.KeyCostSource, genai.CostSourceProvided)
				return
			}
		}
	}
	cost, source, ok := p.pricing.Cost(pricing.Call{
		Provider:      a.str(genai.KeyProviderName),
		ResponseModel: a.str(genai.KeyResponseModel),
		RequestModel:  a.str(genai.KeyRequestModel),
		Usage: pricing.Usage{
			Input:      a.int(genai.KeyInputTokens),
			Output:     a.int(genai.KeyOutputTokens),
			CacheRead:  a.int(genai.KeyCacheReadTokens),
			CacheWrite: a.int(genai.KeyCacheWriteTokens),
			Reasoning:  a.int(genai.KeyReasoningTokens),
		},
		At: at,
	})
	if !ok {
		a.Remove(genai.KeyCostUSD)
		a.PutStr(genai.KeyCostSource, genai.CostSourceUnknown)
		p.tel.count(p.tel.unknownCost, 1, "model", "unknown")
		return
	}
	// Round to a nano-dollar so sums of float costs stay stable.
	a.PutDouble(genai.KeyCostUSD, math.Round(cost*1e9)/1e9)
	a.PutStr(genai.KeyCostSource, source)
}
