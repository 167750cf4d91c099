package anomaly

import "math"

// ewma is an exponentially weighted mean and variance (West's incremental form).
type ewma struct {
	mean, variance float64
	n              uint32 // windows seen, saturating
}

func (e *ewma) update(x, alpha float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return
	}
	if e.n == 0 {
		e.mean, e.variance = x, 0
	} else {
		diff := x - e.mean
		incr := alpha * diff
		e.mean += incr
		e.variance = (1 - alpha) * (e.variance + diff*incr)
	}
	if e.n < math.MaxUint32 {
		e.n++
	}
}

func (e *ewma) std() float64 { return math.Sqrt(e.variance) }

// ready says whether the baseline has seen enough windows to judge one.
func (e *ewma) ready(warmup int) bool { return e.n > 0 && int(e.n) >= warmup }
