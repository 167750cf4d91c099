package genaianalyticsprocessor

import (
	"math"
	"time"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/pricing"
)

// costKeys are the keys applyCost reads on every call, hashed once.
var costKeys = struct {
	provided                                        hashedKeys
	provider, responseModel, requestModel           hashedKey
	input, output, cacheRead, cacheWrite, reasoning hashedKey
}{
	provided:      newHashedKeys([]string{keyProvidedCost, keyOICost}),
	provider:      newHashedKey(genai.KeyProviderName),
	responseModel: newHashedKey(genai.KeyResponseModel),
	requestModel:  newHashedKey(genai.KeyRequestModel),
	input:         newHashedKey(genai.KeyInputTokens),
	output:        newHashedKey(genai.KeyOutputTokens),
	cacheRead:     newHashedKey(genai.KeyCacheReadTokens),
	cacheWrite:    newHashedKey(genai.KeyCacheWriteTokens),
	reasoning:     newHashedKey(genai.KeyReasoningTokens),
}

// applyCost writes aianalytics.cost.usd and aianalytics.cost.source. A cost provided on the span
// wins; an unknown model leaves the cost absent (NULL in ClickHouse) with source unknown.
func (p *genaiProcessor) applyCost(a *spanAttrs, at time.Time) {
	k := &costKeys
	for _, provided := range k.provided {
		if v, ok := a.lookup(provided); ok {
			if f, ok := genai.AsFloat(v); ok && f >= 0 && !math.IsInf(f, 0) && !math.IsNaN(f) {
				a.putDoubleOf(derivedKeys.costUSD, f)
				a.putStrOf(derivedKeys.costSource, genai.CostSourceProvided)
				return
			}
		}
	}
	cost, source, ok := p.pricing.Cost(pricing.Call{
		Provider:      a.strOf(k.provider),
		ResponseModel: a.strOf(k.responseModel),
		RequestModel:  a.strOf(k.requestModel),
		Usage: pricing.Usage{
			Input:      a.intOf(k.input),
			Output:     a.intOf(k.output),
			CacheRead:  a.intOf(k.cacheRead),
			CacheWrite: a.intOf(k.cacheWrite),
			Reasoning:  a.intOf(k.reasoning),
		},
		At: at,
	})
	if !ok {
		a.removeOf(derivedKeys.costUSD)
		a.putStrOf(derivedKeys.costSource, genai.CostSourceUnknown)
		p.tel.count(p.tel.unknownCost, 1, "model", "unknown")
		return
	}
	// Round to a nano-dollar so sums of float costs stay stable.
	a.putDoubleOf(derivedKeys.costUSD, math.Round(cost*1e9)/1e9)
	a.putStrOf(derivedKeys.costSource, source)
}
