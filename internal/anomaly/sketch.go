package anomaly

import (
	"math"
	"sort"
)

// sketch is a small relative-error quantile sketch (log-spaced buckets, the DDSketch idea):
// a value v > 0 falls in bucket ceil(log_γ v), so any quantile is returned within ±2 % of a
// true sample value. Buckets live in a sorted slice; beyond maxSketchBuckets the two lowest
// are merged, which only blurs the low quantiles we never ask for.
type sketch struct {
	buckets []bucket
	zeros   uint32 // values <= minSketchValue
	total   uint32
}

type bucket struct {
	index int32
	count uint32
}

const (
	sketchGamma      = 1.04 // (γ-1)/(γ+1) ≈ 2 % relative accuracy
	minSketchValue   = 1e-3
	maxSketchBuckets = 128
)

var logGamma = math.Log(sketchGamma)

func (s *sketch) add(v float64) {
	s.total++
	if !(v > minSketchValue) || math.IsInf(v, 0) { // NaN and tiny values count as zero
		s.zeros++
		return
	}
	idx := int32(math.Ceil(math.Log(v) / logGamma))
	i := sort.Search(len(s.buckets), func(i int) bool { return s.buckets[i].index >= idx })
	if i < len(s.buckets) && s.buckets[i].index == idx {
		s.buckets[i].count++
		return
	}
	s.buckets = append(s.buckets, bucket{})
	copy(s.buckets[i+1:], s.buckets[i:])
	s.buckets[i] = bucket{index: idx, count: 1}
	if len(s.buckets) > maxSketchBuckets {
		s.buckets[1].count += s.buckets[0].count
		s.buckets = s.buckets[1:]
	}
}

// quantile returns the q-quantile (0 <= q <= 1), 0 for an empty sketch.
func (s *sketch) quantile(q float64) float64 {
	if s.total == 0 {
		return 0
	}
	rank := uint32(math.Ceil(q * float64(s.total)))
	if rank == 0 {
		rank = 1
	}
	if rank <= s.zeros {
		return 0
	}
	seen := s.zeros
	for _, b := range s.buckets {
		seen += b.count
		if seen >= rank {
			// The bucket's midpoint in relative terms: 2γ^i/(γ+1).
			return 2 * math.Pow(sketchGamma, float64(b.index)) / (sketchGamma + 1)
		}
	}
	last := s.buckets[len(s.buckets)-1]
	return 2 * math.Pow(sketchGamma, float64(last.index)) / (sketchGamma + 1)
}
