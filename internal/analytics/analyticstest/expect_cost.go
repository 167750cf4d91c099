package analyticstest

import (
	"fmt"
	"sort"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/pricing"
)

// cachePrices are list prices (USD per million tokens: input, cache read) of the dataset's
// models, copied from the providers' price pages, for the prompt-caching expectation.
var cachePrices = map[string][2]float64{
	"gpt-5.4": {2.5, 0.25}, "gpt-5.4-mini": {0.75, 0.075},
	"claude-sonnet-4-5": {3, 0.3}, "claude-haiku-4-5": {1, 0.1},
}

func uncached(e Event) uint64 {
	if e.CacheRead+e.CacheWrite <= e.Input {
		return uint64(e.Input - e.CacheRead - e.CacheWrite)
	}
	return uint64(e.Input)
}

// ExpectCostRecommendations prices every call on its own with the pricing engine (the store
// prices aggregated token mixes) for model switches, and uses list prices for caching.
func (d *Dataset) ExpectCostRecommendations(f analytics.Filter, engine *pricing.Engine) []analytics.CostRecommendation {
	type key struct{ provider, model string }
	byModel := map[key][]Event{}
	for _, e := range d.filtered(f) {
		byModel[key{e.Provider, e.Model}] = append(byModel[key{e.Provider, e.Model}], e)
	}
	costOf := func(provider, model string, evs []Event) (float64, bool) {
		var sum float64
		for _, e := range evs {
			c, _, ok := engine.Cost(pricing.Call{Provider: provider, RequestModel: model, Usage: pricing.Usage{
				Input: int64(e.Input), Output: int64(e.Output), CacheRead: int64(e.CacheRead),
				CacheWrite: int64(e.CacheWrite), Reasoning: int64(e.Reasoning)}})
			if !ok {
				return 0, false
			}
			sum += c
		}
		return sum, true
	}
	out := []analytics.CostRecommendation{}
	for k, evs := range byModel {
		current, ok := costOf(k.provider, k.model, evs)
		if !ok {
			continue
		}
		best, bestCost := "", current
		for other := range byModel {
			if other.provider != k.provider || other.model == k.model {
				continue
			}
			if c, ok := costOf(k.provider, other.model, evs); ok && c < bestCost {
				best, bestCost = other.model, c
			}
		}
		if best != "" {
			out = append(out, analytics.CostRecommendation{
				Recommendation:      fmt.Sprintf("Move %s traffic to %s (%s)", k.model, best, k.provider),
				PotentialSavingsUSD: current - bestCost,
			})
		}
		first := map[uint64]Event{}
		var repeatedTokens, repeatedCalls uint64
		for _, e := range evs {
			if cur, ok := first[e.Fingerprint]; !ok || e.Timestamp.Before(cur.Timestamp) {
				first[e.Fingerprint] = e
			}
		}
		for _, e := range evs {
			if first[e.Fingerprint].EventID != e.EventID {
				repeatedTokens += uncached(e)
				repeatedCalls++
			}
		}
		if p, ok := cachePrices[k.model]; ok && repeatedTokens > 0 {
			out = append(out, analytics.CostRecommendation{
				Recommendation:      fmt.Sprintf("Enable prompt caching for %s (%s): %d calls repeat an earlier query", k.model, k.provider, repeatedCalls),
				PotentialSavingsUSD: float64(repeatedTokens) * (p[0] - p[1]) / 1e6,
			})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PotentialSavingsUSD > out[j].PotentialSavingsUSD })
	return out
}
