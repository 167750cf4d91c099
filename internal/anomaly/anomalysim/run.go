package anomalysim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/anomaly"
)

// BurstUser is the one user behind the cost-burst incident.
const BurstUser = "u-burst"

// userIDs are the ordinary users, picked uniformly per call.
var userIDs = func() []string {
	ids := make([]string, 400)
	for i := range ids {
		ids[i] = fmt.Sprintf("u-%03d", i)
	}
	return ids
}()

// arrivalJitter: a call reaches the collector up to this long after it started (export
// batching), so windows receive calls out of order.
const arrivalJitter = 2 * time.Second

// Run replays the day second by second through a fresh detector and returns the final
// version of every alert, plus the number of calls generated.
func (sc *Scenario) Run(cfg anomaly.Config) (alerts []anomaly.Alert, calls int) {
	det := anomaly.New(cfg)
	rng := rand.New(rand.NewPCG(sc.Seed, 0x5eed))
	noise := make([]float64, len(sc.Series))
	byID := map[[16]byte]int{}
	collect := func() {
		got, _ := det.Drain()
		for _, a := range got {
			if i, ok := byID[a.ID]; ok {
				if a.Version > alerts[i].Version {
					alerts[i] = a
				}
				continue
			}
			byID[a.ID] = len(alerts)
			alerts = append(alerts, a)
		}
	}
	for sec := time.Duration(0); sec < sc.Duration; sec += time.Second {
		wall := sc.Start.Add(sec)
		if sec%time.Minute == 0 {
			for i := range noise { // per-minute burstiness on top of Poisson arrivals
				noise[i] = math.Exp(0.1 * rng.NormFloat64())
			}
		}
		for i := range sc.Series {
			s := &sc.Series[i]
			e := sc.effectAt(s, wall)
			lambda := s.PeakPerMin * dailyShape(wall) * noise[i] * e.rateFactor / 60
			for n := poisson(rng, lambda); n > 0; n-- {
				c := sc.call(rng, s, e, wall, 1)
				c.User = userIDs[rng.IntN(len(userIDs))]
				sc.tap(c)
				det.Observe(c, wall)
				calls++
			}
			for n := poisson(rng, e.burstPerMin/60); n > 0; n-- {
				c := sc.call(rng, s, e, wall, 15) // long prompts: 15× the price
				c.User = BurstUser
				sc.tap(c)
				det.Observe(c, wall)
				calls++
			}
		}
		det.Advance(wall)
		collect()
	}
	return alerts, calls
}

func (sc *Scenario) call(rng *rand.Rand, s *SeriesSpec, e effect, wall time.Time, costScale float64) anomaly.Sample {
	t := wall.Add(-time.Duration(rng.Int64N(int64(arrivalJitter))))
	tokens := 300 + rng.ExpFloat64()*900
	return anomaly.Sample{
		Time: t, Tenant: s.Tenant, Provider: s.Provider, Model: s.Model,
		Error:      rng.Float64() < e.errorRate,
		LatencyMs:  s.LatencyMs * e.latencyScale * math.Exp(0.35*rng.NormFloat64()),
		Tokens:     tokens * costScale,
		CostUSD:    s.CostPerCall * costScale * tokens / 1200,
		ZeroResult: rng.Float64() < e.zeroRate,
	}
}

// poisson draws a Poisson variate (Knuth for small means, a normal approximation above).
func poisson(rng *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda > 30 {
		n := int(math.Round(lambda + math.Sqrt(lambda)*rng.NormFloat64()))
		return max(n, 0)
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

func (sc *Scenario) tap(c anomaly.Sample) {
	if sc.Tap != nil {
		sc.Tap(c)
	}
}
