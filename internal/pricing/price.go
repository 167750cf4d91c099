package pricing

// Price is a price list in USD per million tokens. Optional prices are nil when the provider
// has no distinct price for that kind: cache tokens then cost the input price and reasoning
// tokens the output price.
type Price struct {
	InputMTok      float64  `mapstructure:"input_mtok"`
	OutputMTok     float64  `mapstructure:"output_mtok"`
	CacheReadMTok  *float64 `mapstructure:"cache_read_mtok"`
	CacheWriteMTok *float64 `mapstructure:"cache_write_mtok"`
	ReasoningMTok  *float64 `mapstructure:"reasoning_mtok"`
}

// Usage is the token usage of one call, in semconv terms: Input includes CacheRead and
// CacheWrite, Output includes Reasoning.
type Usage struct {
	Input, Output, CacheRead, CacheWrite, Reasoning int64
}

// Cost prices usage. Cached and reasoning tokens are priced at their own price and removed from
// the plain input/output count, so nothing is counted twice. When the cache counts exceed the
// input count the instrumentation reported input without cache (Anthropic's native usage
// shape): input is then taken as the uncached part. The same applies to reasoning vs output.
func (p Price) Cost(u Usage) float64 {
	in, out := nonNeg(u.Input), nonNeg(u.Output)
	cr, cw, rs := nonNeg(u.CacheRead), nonNeg(u.CacheWrite), nonNeg(u.Reasoning)
	uncached := in
	if cr+cw <= in {
		uncached = in - cr - cw
	}
	plainOut := out
	if rs <= out {
		plainOut = out - rs
	}
	total := float64(uncached)*p.InputMTok +
		float64(cr)*orDefault(p.CacheReadMTok, p.InputMTok) +
		float64(cw)*orDefault(p.CacheWriteMTok, p.InputMTok) +
		float64(plainOut)*p.OutputMTok +
		float64(rs)*orDefault(p.ReasoningMTok, p.OutputMTok)
	return total / 1e6
}

// Validate reports a negative price.
func (p Price) Validate() error {
	for _, v := range []*float64{&p.InputMTok, &p.OutputMTok, p.CacheReadMTok, p.CacheWriteMTok, p.ReasoningMTok} {
		if v != nil && (*v < 0 || *v != *v) {
			return errNegativePrice
		}
	}
	return nil
}

func orDefault(p *float64, def float64) float64 {
	if p == nil {
		return def
	}
	return *p
}

func nonNeg(i int64) int64 {
	if i < 0 {
		return 0
	}
	return i
}

func ptr(f float64) *float64 { return &f }
