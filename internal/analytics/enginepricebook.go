package analytics

import (
	"time"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/pricing"
)

// enginePriceBook prices token mixes with the processor's pricing engine.
type enginePriceBook struct{ engine *pricing.Engine }

// EnginePriceBook adapts a pricing engine (overrides, pricing file, built-in table).
func EnginePriceBook(e *pricing.Engine) PriceBook { return enginePriceBook{engine: e} }

func (p enginePriceBook) Cost(provider, model string, m TokenMix) (float64, bool) {
	cost, _, ok := p.engine.Cost(pricing.Call{
		Provider: provider, RequestModel: model, At: time.Now(),
		Usage: pricing.Usage{Input: int64(m.Input), Output: int64(m.Output), CacheRead: int64(m.CacheRead),
			CacheWrite: int64(m.CacheWrite), Reasoning: int64(m.Reasoning)},
	})
	return cost, ok
}
