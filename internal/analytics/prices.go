package analytics

// TokenMix is the token usage of a set of calls in GenAI semconv terms: Input includes cached
// tokens, Output includes reasoning tokens.
type TokenMix struct {
	Input      uint64
	Output     uint64
	CacheRead  uint64
	CacheWrite uint64
	Reasoning  uint64
}

// PriceBook prices a token mix for a model from the pricing table (the collector wires the
// processor's pricing engine, so both price calls the same way). ok is false for a model
// without a known price.
type PriceBook interface {
	Cost(provider, model string, mix TokenMix) (usd float64, ok bool)
}
