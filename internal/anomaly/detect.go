package anomaly

import (
	"fmt"
	"math"
)

// baselines of one series: one EWMA per judged metric.
type baselines struct {
	requests   ewma
	errorRate  ewma
	latMean    ewma
	latP95     ewma
	cost       ewma
	costPerReq ewma
	zeroRate   ewma
}

// verdict of one detector on one window.
type verdict uint8

const (
	skipped verdict = iota // not enough data or baseline to judge
	normal
	anomalous
)

// evaluate runs every enabled detector on a closed window against the series' baselines.
// prev carries the counts of the window before, for the two-window rate test (zero when an
// alert of that type is open: the test is for opening, not for prolonging).
func (c *Config) evaluate(b *baselines, w *windowStats, prev prevCounts) (v [numTypes]verdict, f [numTypes]finding) {
	minReq := float64(c.MinRequests)
	n := float64(w.count)
	if c.Spike.Enabled {
		v[TypeSpike], f[TypeSpike] = c.spike(&b.requests, n, minReq)
	}
	if c.Drop.Enabled {
		v[TypeDrop], f[TypeDrop] = c.drop(&b.requests, n, minReq)
	}
	if c.ErrorRate.Enabled && n >= minReq && n > 0 {
		cur := rateCounts{w.count, w.errors}
		v[TypeErrorRate], f[TypeErrorRate] = c.errorRate(&b.errorRate, cur)
		if v[TypeErrorRate] == normal && prev.n > 0 && prev.errors > 0 {
			v[TypeErrorRate], f[TypeErrorRate] = c.errorRate(&b.errorRate, cur.plus(rateCounts{prev.n, prev.errors}))
		}
	}
	if c.Latency.Enabled && float64(w.latN) >= minReq && w.latN > 0 {
		v[TypeLatency], f[TypeLatency] = c.latency(b, w)
	}
	if c.Cost.Enabled {
		v[TypeCost], f[TypeCost] = c.cost(b, w, minReq)
	}
	if c.ZeroResult.Enabled && n >= minReq && n > 0 {
		cur := rateCounts{w.count, w.zero}
		v[TypeZeroResult], f[TypeZeroResult] = c.zeroResult(&b.zeroRate, cur)
		if v[TypeZeroResult] == normal && prev.n > 0 && prev.zero > 0 {
			v[TypeZeroResult], f[TypeZeroResult] = c.zeroResult(&b.zeroRate, cur.plus(rateCounts{prev.n, prev.zero}))
		}
	}
	return v, f
}

func (c *Config) spike(b *ewma, x, minReq float64) (verdict, finding) {
	if !b.ready(c.WarmupWindows) || b.mean < minReq || b.mean <= 0 {
		return skipped, finding{}
	}
	sigma := math.Max(b.std(), math.Sqrt(b.mean)) // never below Poisson noise
	thr := math.Max(b.mean+c.Spike.Sigma*sigma, c.Spike.MinRatio*b.mean)
	if x <= thr {
		return normal, finding{}
	}
	return anomalous, finding{metric: "requests", expected: b.mean, actual: x,
		severity: severityFromScore((x - b.mean) / (thr - b.mean))}
}

func (c *Config) drop(b *ewma, x, minReq float64) (verdict, finding) {
	if !b.ready(c.WarmupWindows) || b.mean < minReq || b.mean <= 0 {
		return skipped, finding{}
	}
	sigma := math.Max(b.std(), math.Sqrt(b.mean))
	thr := math.Min(b.mean-c.Drop.Sigma*sigma, c.Drop.MaxRatio*b.mean)
	// Nothing at all against a baseline above the volume guard is an outage even when the
	// history was too noisy for the σ test (P(0 | Poisson(20)) ≈ 2e-9).
	if x > thr && x > 0 {
		return normal, finding{}
	}
	sev := SeverityLow
	switch {
	case x <= 0.1*b.mean:
		sev = SeverityHigh
	case x <= 0.2*b.mean:
		sev = SeverityMedium
	}
	return anomalous, finding{metric: "requests", expected: b.mean, actual: x, severity: sev}
}

// rateZ says how surprising k events out of n calls are when the baseline rate is p0: the
// exact binomial upper tail P(X >= k), expressed as the equivalent one-sided normal z (so
// thresholds read as "σ"). Normal approximations (plain or arcsine) misjudge the tail of
// small rates at small volumes, and with ~1 400 windows a day per series that tail is where
// the false alerts come from. p0 is floored at 1 % so a spotless history is not infinitely
// surprised by one event.
func rateZ(k, n uint32, p0 float64) float64 {
	p := math.Min(math.Max(p0, 0.01), 0.99)
	if n == 0 || float64(k) <= float64(n)*p {
		return 0
	}
	lg := func(x float64) float64 { v, _ := math.Lgamma(x); return v }
	fn, fk := float64(n), float64(k)
	term := math.Exp(lg(fn+1) - lg(fk+1) - lg(fn-fk+1) + fk*math.Log(p) + (fn-fk)*math.Log1p(-p))
	tail := 0.0
	for i := fk; i <= fn && term > 0; i++ {
		tail += term
		if term < tail*1e-15 {
			break
		}
		term *= (fn - i) / (i + 1) * p / (1 - p)
	}
	if tail >= 0.5 {
		return 0
	}
	return math.Sqrt2 * math.Erfcinv(2*tail)
}

// rateCounts is a count of calls and of those with a property (errors, zero results).
type rateCounts struct{ n, k uint32 }

// plus merges the previous window's calls: a sustained shift is judged on twice the calls,
// which catches an incident whose first window was unlucky without lowering the threshold.
func (r rateCounts) plus(prev rateCounts) rateCounts { return rateCounts{r.n + prev.n, r.k + prev.k} }

func (c *Config) errorRate(b *ewma, r rateCounts) (verdict, finding) {
	if !b.ready(c.WarmupWindows) {
		return skipped, finding{}
	}
	n := float64(r.n)
	p := float64(r.k) / n
	z := rateZ(r.k, r.n, b.mean)
	// A large effect (twice min_rate, and min_errors+3 errors) needs one σ less evidence: a
	// 20 % error burst whose first window came out at 10 % is still caught in that window.
	need := c.ErrorRate.Sigma
	if p >= 2*c.ErrorRate.MinRate && int(r.k) >= c.ErrorRate.MinErrors+3 {
		need = math.Max(c.ErrorRate.Sigma-1, 0)
	}
	if p <= c.ErrorRate.MinRate || z <= need || int(r.k) < c.ErrorRate.MinErrors {
		return normal, finding{}
	}
	return anomalous, finding{metric: "error_rate", expected: b.mean, actual: p,
		severity: severityFromScore(p / math.Max(c.ErrorRate.MinRate, 0.01))}
}

func (c *Config) latency(b *baselines, w *windowStats) (verdict, finding) {
	if !b.latMean.ready(c.WarmupWindows) || !b.latP95.ready(c.WarmupWindows) {
		return skipped, finding{}
	}
	mean := w.latSum / float64(w.latN)
	p95 := w.p95()
	best, bestRatio := finding{}, 0.0
	for _, m := range []struct {
		name string
		x    float64
		b    *ewma
	}{{"latency_mean_ms", mean, &b.latMean}, {"latency_p95_ms", p95, &b.latP95}} {
		if m.b.mean <= 0 {
			continue
		}
		sigma := math.Max(m.b.std(), 0.05*m.b.mean)
		ratio := m.x / m.b.mean
		if ratio > c.Latency.Ratio && m.x > m.b.mean+c.Latency.Sigma*sigma && ratio > bestRatio {
			bestRatio = ratio
			best = finding{metric: m.name, expected: m.b.mean, actual: m.x,
				severity: severityFromScore((ratio - 1) / math.Max(c.Latency.Ratio-1, 1e-9))}
		}
	}
	if bestRatio == 0 {
		return normal, finding{}
	}
	return anomalous, best
}

func (c *Config) cost(b *baselines, w *windowStats, minReq float64) (verdict, finding) {
	bc := &b.cost
	if !bc.ready(c.WarmupWindows) || bc.mean <= 0 || b.requests.mean < minReq {
		return skipped, finding{}
	}
	sigma := math.Max(bc.std(), 0.1*bc.mean)
	thr := math.Max(bc.mean+c.Cost.Sigma*sigma, c.Cost.MinRatio*bc.mean)
	if w.cost <= thr {
		return normal, finding{}
	}
	// A traffic spike at the usual price per call is a spike, not a cost anomaly.
	if c.Cost.PerRequestRatio > 0 && w.count > 0 && b.costPerReq.ready(c.WarmupWindows) &&
		w.cost/float64(w.count) < c.Cost.PerRequestRatio*b.costPerReq.mean {
		return normal, finding{}
	}
	f := finding{metric: "cost_usd", expected: bc.mean, actual: w.cost,
		severity: severityFromScore((w.cost - bc.mean) / (thr - bc.mean))}
	if user, spent := w.spenders.top(); user != "" && spent >= 0.25*w.cost {
		f.detail = fmt.Sprintf("largest spender: user %s (~%.0f%% of the window's cost)", user, 100*math.Min(spent/w.cost, 1))
	}
	return anomalous, f
}

func (c *Config) zeroResult(b *ewma, r rateCounts) (verdict, finding) {
	if !b.ready(c.WarmupWindows) {
		return skipped, finding{}
	}
	n := float64(r.n)
	p := float64(r.k) / n
	z := rateZ(r.k, r.n, b.mean)
	if z <= c.ZeroResult.Sigma || p-b.mean < c.ZeroResult.MinIncrease || int(r.k) < c.ZeroResult.MinCount {
		return normal, finding{}
	}
	return anomalous, finding{metric: "zero_result_rate", expected: b.mean, actual: p,
		severity: severityFromScore((p - b.mean) / math.Max(c.ZeroResult.MinIncrease, 0.01))}
}

// learn folds a closed window into the baselines. A metric whose alert is open is frozen
// (for at most adapt_after_windows), so an incident does not become its own baseline; rates
// learn only from windows with enough calls to mean something; and once warm, a value is
// clipped to the baseline ± 3σ before it is learned, so a window that was anomalous but not
// quite alerting (an incident's partial first window) cannot blow up the variance and hide
// the incident's next window.
func (c *Config) learn(b *baselines, w *windowStats, frozen func(...Type) bool) {
	alpha := 2 / (float64(c.BaselineWindows) + 1)
	n := float64(w.count)
	minN := math.Max(1, float64(c.MinRequests)/4)
	learn := func(e *ewma, x, floor float64) {
		if e.ready(c.WarmupWindows) {
			s := 3 * math.Max(e.std(), floor)
			x = math.Min(math.Max(x, e.mean-s), e.mean+s)
		}
		e.update(x, alpha)
	}
	rateFloor := func(e *ewma) float64 {
		p := math.Max(e.mean, 0.01)
		return math.Sqrt(p * (1 - p) / math.Max(n, 1))
	}
	if !frozen(TypeSpike, TypeDrop) {
		learn(&b.requests, n, math.Sqrt(b.requests.mean))
	}
	if !frozen(TypeCost, TypeSpike, TypeDrop) {
		learn(&b.cost, w.cost, 0.1*b.cost.mean)
	}
	if n < minN {
		return
	}
	if !frozen(TypeErrorRate) {
		learn(&b.errorRate, float64(w.errors)/n, rateFloor(&b.errorRate))
	}
	if !frozen(TypeZeroResult) {
		learn(&b.zeroRate, float64(w.zero)/n, rateFloor(&b.zeroRate))
	}
	if !frozen(TypeCost) {
		learn(&b.costPerReq, w.cost/n, 0.1*b.costPerReq.mean)
	}
	if float64(w.latN) >= minN && !frozen(TypeLatency) {
		learn(&b.latMean, w.latSum/float64(w.latN), 0.05*b.latMean.mean)
		learn(&b.latP95, w.p95(), 0.05*b.latP95.mean)
	}
}

// prevCounts are the rate counts of a series' previous window.
type prevCounts struct{ n, errors, zero uint32 }
