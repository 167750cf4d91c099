package anomaly

import (
	"strings"
	"time"
)

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
	// User is the end user (optional): a cost alert names the user who spent most.
	User string
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
	start    int64 // unix ns
	count    uint32
	errors   uint32
	zero     uint32
	latN     uint32
	latSum   float64
	tokens   float64
	cost     float64
	latency  *sketch // allocated on the first latency value
	spenders topSpenders
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
		if s.User != "" {
			w.spenders.add(s.User, s.CostUSD)
		}
	}
}

// topSpenders finds the users who spend most in a window in constant space (the
// space-saving algorithm): a user missing from the table replaces the smallest entry and
// inherits its cost, so a heavy spender is always kept, and costs are over-estimates by at
// most the smallest entry.
type topSpenders [3]struct {
	user string
	cost float64
}

func (t *topSpenders) add(user string, cost float64) {
	smallest := 0
	for i := range t {
		if t[i].user == user {
			t[i].cost += cost
			return
		}
		if t[i].cost < t[smallest].cost {
			smallest = i
		}
	}
	if len(user) > maxKeyPart {
		user = strings.Clone(user[:maxKeyPart]) // do not pin a huge value
	}
	t[smallest].user = user // a short id is kept as is: no allocation per call
	t[smallest].cost += cost
}

// top returns the biggest spender and its (over-estimated) cost.
func (t *topSpenders) top() (string, float64) {
	best := 0
	for i := range t {
		if t[i].cost > t[best].cost {
			best = i
		}
	}
	return t[best].user, t[best].cost
}

func (w *windowStats) p95() float64 {
	if w.latency == nil {
		return 0
	}
	return w.latency.quantile(0.95)
}
