package anomaly

import "strings"

// seriesKey names a series; provider and model are empty for a tenant's overall series.
type seriesKey struct {
	tenant, provider, model string
}

func (k seriesKey) tenantWide() bool { return k.provider == "" && k.model == "" }

// maxKeyPart caps each part of a key: an attacker-sized model name must not grow the state.
const maxKeyPart = 128

func newSeriesKey(tenant, provider, model string) seriesKey {
	return seriesKey{tenant: clip(tenant), provider: clip(provider), model: clip(model)}
}

func clip(s string) string {
	if len(s) > maxKeyPart {
		return s[:maxKeyPart]
	}
	return s
}

// owned copies the key's strings when a series is created, so the state never pins a large
// request buffer (lookups of existing series allocate nothing).
func (k seriesKey) owned() seriesKey {
	return seriesKey{tenant: strings.Clone(k.tenant), provider: strings.Clone(k.provider), model: strings.Clone(k.model)}
}

// series is the state of one series: its open windows, baselines and alerts, and its place
// in the LRU list.
type series struct {
	key        seriesKey
	windows    []windowStats // open windows, ordered by start
	base       baselines
	last       prevCounts // the last closed window, for the two-window rate test
	alerts     [numTypes]*alertState
	prev, next *series // LRU: prev is more recently used
	hash       uint64  // of the key, in the seriesIndex
	sameHash   *series // the next series with the same hash
}

func (s *series) add(start int64, smp *Sample) {
	i := len(s.windows) - 1
	for i >= 0 && s.windows[i].start > start {
		i--
	}
	if i < 0 || s.windows[i].start != start {
		i++
		s.windows = append(s.windows, windowStats{})
		copy(s.windows[i+1:], s.windows[i:])
		s.windows[i] = windowStats{start: start}
	}
	s.windows[i].add(smp)
}

// take removes and returns the window starting at start (empty stats when no call came).
// Windows older than start (skipped by a catch-up jump) are dropped.
func (s *series) take(start int64) windowStats {
	for len(s.windows) > 0 && s.windows[0].start < start {
		s.windows = s.windows[1:]
	}
	if len(s.windows) > 0 && s.windows[0].start == start {
		w := s.windows[0]
		s.windows = s.windows[1:]
		if len(s.windows) == 0 {
			s.windows = nil // let the backing array go
		}
		return w
	}
	return windowStats{start: start}
}

// flags returns the set (bit 1<<t for type t) of the series' open alerts that this call is
// part of: every call during a spike or drop, and for the other types only the calls that show
// the problem themselves (an error, a call slower than the normal p95, a costly call, a zero
// result), so the flag marks the calls to look at, not all of their neighbours.
func (s *series) flags(smp *Sample, cfg *Config) typeSet {
	var set typeSet
	for t, st := range s.alerts {
		if st == nil || !st.open() || !s.partOf(Type(t), smp, cfg) {
			continue
		}
		set |= 1 << t
	}
	return set
}

// typeSet is a set of alert types, bit 1<<t for type t.
type typeSet uint8

// A typeSet holds a bit per type: this constant overflows (and fails to compile) past 8 types.
const _ = 8 - numTypes

func (s *series) partOf(t Type, smp *Sample, cfg *Config) bool {
	switch t {
	case TypeErrorRate:
		return smp.Error
	case TypeZeroResult:
		return smp.ZeroResult
	case TypeLatency:
		return smp.LatencyMs > s.base.latP95.mean
	case TypeCost:
		return smp.CostUSD > max(cfg.Cost.PerRequestRatio, 1)*s.base.costPerReq.mean
	default: // spike, drop: the whole window is the anomaly
		return true
	}
}

// lru is an intrusive doubly linked list of series, most recently used first.
type lru struct {
	head, tail *series
}

func (l *lru) pushFront(s *series) {
	s.prev, s.next = nil, l.head
	if l.head != nil {
		l.head.prev = s
	}
	l.head = s
	if l.tail == nil {
		l.tail = s
	}
}

func (l *lru) remove(s *series) {
	if s.prev != nil {
		s.prev.next = s.next
	} else {
		l.head = s.next
	}
	if s.next != nil {
		s.next.prev = s.prev
	} else {
		l.tail = s.prev
	}
	s.prev, s.next = nil, nil
}

func (l *lru) touch(s *series) {
	if l.head == s {
		return
	}
	l.remove(s)
	l.pushFront(s)
}
