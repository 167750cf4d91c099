package analytics

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// CostRecommendation is one way to spend less, with the savings it would have brought over
// the range and the figures behind it.
type CostRecommendation struct {
	Recommendation      string         `json:"recommendation"`
	PotentialSavingsUSD float64        `json:"potential_savings_usd"`
	Evidence            map[string]any `json:"evidence"`
}

// ErrNoPricing is returned when no price book is configured.
var ErrNoPricing = errors.New("cost recommendations need a pricing table")

// modelUsage is the usage of one model over the range.
type modelUsage struct {
	provider, model string
	calls           uint64
	mix             TokenMix
	// repeatedInput are the uncached input tokens of calls repeating an earlier identical
	// query of the same model: what a prompt cache could have served.
	repeatedInput uint64
	repeatedCalls uint64
}

// uncachedInput mirrors the pricing engine: cache tokens are part of input unless they exceed it.
const uncachedInput = `if(cache_read_tokens + cache_write_tokens <= input_tokens,
	input_tokens - cache_read_tokens - cache_write_tokens, input_tokens)`

const modelUsageSQL = `
SELECT provider, model, sum(n), sum(input), sum(output), sum(cache_read), sum(cache_write), sum(reasoning),
	sum(repeated_input), toUInt64(sum(n) - count())
FROM (
	SELECT toString(provider) AS provider, toString(request_model) AS model, ` + queryGroup + ` AS grp, count() AS n,
		sum(toUInt64(input_tokens)) AS input, sum(toUInt64(output_tokens)) AS output,
		sum(toUInt64(cache_read_tokens)) AS cache_read, sum(toUInt64(cache_write_tokens)) AS cache_write,
		sum(toUInt64(reasoning_tokens)) AS reasoning,
		toUInt64(sum(toUInt64(` + uncachedInput + `)) - argMin(toUInt64(` + uncachedInput + `), timestamp)) AS repeated_input
	FROM {{db}}.genai_events FINAL
	WHERE ` + eventWhere + ` AND request_model != ''
	GROUP BY provider, model, grp
)
GROUP BY provider, model
ORDER BY provider, model`

// CostRecommendations prices the range's traffic per model and proposes (1) moving a model's
// traffic to the cheapest other model of the same provider (models the tenant already uses,
// plus alternatives[model]) at the same token mix, and (2) prompt caching of repeated queries
// at the model's cache-read price. Most savings first.
func (s *Store) CostRecommendations(ctx context.Context, f Filter, alternatives map[string][]string) ([]CostRecommendation, error) {
	if s.prices == nil {
		return nil, ErrNoPricing
	}
	var usage []modelUsage
	err := s.query(ctx, "cost recommendations", f, nil, modelUsageSQL, func(r driver.Rows) error {
		var u modelUsage
		if err := r.Scan(&u.provider, &u.model, &u.calls, &u.mix.Input, &u.mix.Output, &u.mix.CacheRead,
			&u.mix.CacheWrite, &u.mix.Reasoning, &u.repeatedInput, &u.repeatedCalls); err != nil {
			return err
		}
		usage = append(usage, u)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := []CostRecommendation{}
	for _, u := range usage {
		if rec, ok := s.switchModel(u, usage, alternatives[u.model]); ok {
			out = append(out, rec)
		}
		if rec, ok := s.promptCaching(u); ok {
			out = append(out, rec)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].PotentialSavingsUSD != out[j].PotentialSavingsUSD {
			return out[i].PotentialSavingsUSD > out[j].PotentialSavingsUSD
		}
		return out[i].Recommendation < out[j].Recommendation
	})
	return out, nil
}

func (s *Store) switchModel(u modelUsage, all []modelUsage, extra []string) (CostRecommendation, bool) {
	current, ok := s.prices.Cost(u.provider, u.model, u.mix)
	if !ok {
		return CostRecommendation{}, false
	}
	candidates := append([]string(nil), extra...)
	for _, o := range all {
		if o.provider == u.provider && o.model != u.model {
			candidates = append(candidates, o.model)
		}
	}
	best, bestCost := "", current
	for _, c := range candidates {
		if c == u.model {
			continue
		}
		cost, ok := s.prices.Cost(u.provider, c, u.mix)
		if ok && (cost < bestCost || (cost == bestCost && best != "" && c < best)) {
			best, bestCost = c, cost
		}
	}
	if best == "" {
		return CostRecommendation{}, false
	}
	return CostRecommendation{
		Recommendation:      fmt.Sprintf("Move %s traffic to %s (%s)", u.model, best, u.provider),
		PotentialSavingsUSD: current - bestCost,
		Evidence: map[string]any{
			"provider": u.provider, "model": u.model, "alternative": best, "calls": u.calls,
			"input_tokens": u.mix.Input, "output_tokens": u.mix.Output, "cache_read_tokens": u.mix.CacheRead,
			"cache_write_tokens": u.mix.CacheWrite, "reasoning_tokens": u.mix.Reasoning,
			"current_cost_usd": current, "alternative_cost_usd": bestCost,
		},
	}, true
}

func (s *Store) promptCaching(u modelUsage) (CostRecommendation, bool) {
	if u.repeatedInput == 0 {
		return CostRecommendation{}, false
	}
	uncached, ok1 := s.prices.Cost(u.provider, u.model, TokenMix{Input: u.repeatedInput})
	cached, ok2 := s.prices.Cost(u.provider, u.model, TokenMix{Input: u.repeatedInput, CacheRead: u.repeatedInput})
	if !ok1 || !ok2 || cached >= uncached {
		return CostRecommendation{}, false
	}
	return CostRecommendation{
		Recommendation:      fmt.Sprintf("Enable prompt caching for %s (%s): %d calls repeat an earlier query", u.model, u.provider, u.repeatedCalls),
		PotentialSavingsUSD: uncached - cached,
		Evidence: map[string]any{
			"provider": u.provider, "model": u.model, "repeated_calls": u.repeatedCalls,
			"repeated_input_tokens": u.repeatedInput, "cost_uncached_usd": uncached, "cost_cached_usd": cached,
		},
	}, true
}
