package anomaly

import "time"

// Sample is what the detector needs of one GenAI call.
type Sample struct {
	Time     time.Time // the call's start: windows follow the data, not the collector's clock
	Tenant   string
	Provider string
	Model    string
	Error    bool
	// LatencyMs < 0 means unknown.
	LatencyMs  float64
	Tokens     float64
	CostUSD    float64
	ZeroResult bool
}

// Outcome says how a sample was counted.
type Outcome uint8

const (
	// Counted: the sample went into its window.
	Counted Outcome = iota
	// Late: its window had already closed; the call is not lost (it flows on), only not counted.
	Late
	// Future: stamped beyond max_clock_skew ahead of now; not counted.
	Future
	// Disabled: detection is off.
	Disabled
)

// windowStats aggregates the calls of one series in one window.
type windowStats struct {
	start   int64 // unix ns
	count   uint32
	errors  uint32
	zero    uint32
	latN    uint32
	latSum  float64
	tokens  float64
	cost    float64
	latency *sketch // allocated on the first latency value
}

func (w *windowStats) add(s *Sample) {
	w.count++
	if s.Error {
		w.errors++
	}
	if s.ZeroResult {
		w.zero++
	}
	if s.LatencyMs >= 0 {
		w.latN++
		w.latSum += s.LatencyMs
		if w.latency == nil {
			w.latency = &sketch{}
		}
		w.latency.add(s.LatencyMs)
	}
	if s.Tokens > 0 {
		w.tokens += s.Tokens
	}
	if s.CostUSD > 0 {
		w.cost += s.CostUSD
	}
}

func (w *windowStats) p95() float64 {
	if w.latency == nil {
		return 0
	}
	return w.latency.quantile(0.95)
}
