package anomaly

import (
	"fmt"
	"math/bits"
	"sort"
	"sync"
	"time"
)

// Detector holds the series state. It is safe for concurrent use.
type Detector struct {
	cfg    Config
	window int64 // ns
	grace  int64

	mu     sync.Mutex
	series seriesIndex
	lru    lru

	started    bool
	maxEvent   int64 // latest call time seen (ns)
	wallAtMax  int64 // wall time when maxEvent was seen
	closedUpTo int64 // every window ending at or before this has closed
	judgeFrom  int64 // windows starting before this were seen only in part (before the first call) and are not judged

	pending []Alert
	evicted int
}

// maxCatchUp bounds the windows closed in one jump of the event clock (a collector idle for
// a day must not replay 1440 empty windows over every series).
const maxCatchUp = 120

// New returns a detector; cfg must be valid.
func New(cfg Config) *Detector {
	return &Detector{
		cfg:    cfg,
		window: int64(cfg.Window),
		grace:  int64(cfg.GracePeriod),
		series: newSeriesIndex(),
	}
}

// Observe counts one call and returns the anomaly types open on its series (its model's and
// its tenant's), for the call's aianalytics.anomaly.flags. now is the wall clock.
func (d *Detector) Observe(s Sample, now time.Time) ([]Type, Outcome) {
	if !d.cfg.Enabled {
		return nil, Disabled
	}
	t, wall := s.Time.UnixNano(), now.UnixNano()
	d.mu.Lock()
	defer d.mu.Unlock()
	if t > wall+int64(d.cfg.MaxClockSkew) {
		return nil, Future
	}
	if !d.started {
		d.started = true
		d.maxEvent, d.wallAtMax = t, wall
		d.closedUpTo = floorTo(t-d.grace, d.window)
		d.judgeFrom = floorTo(t, d.window) + d.window
	}
	if t > d.eventNow(wall) {
		d.maxEvent, d.wallAtMax = t, wall
	}
	d.advanceLocked(wall)

	modelKey := newSeriesKey(s.Tenant, s.Provider, s.Model)
	tenantHash := d.series.tenantHash(modelKey.tenant)
	model := d.lookup(modelKey, d.series.modelHash(tenantHash, modelKey.provider, modelKey.model), true)
	tenant := d.lookup(seriesKey{tenant: modelKey.tenant}, tenantHash^d.series.tenantWide, true)
	outcome := Late
	if t >= d.closedUpTo {
		start := floorTo(t, d.window)
		model.add(start, &s)
		tenant.add(start, &s)
		outcome = Counted
	}
	return d.unionFlags(model, tenant, &s), outcome
}

// Advance closes the windows the event clock has passed (called from a ticker, so windows
// close even when no call arrives — the only way to see traffic drop to zero).
func (d *Detector) Advance(now time.Time) {
	if !d.cfg.Enabled {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.started {
		d.advanceLocked(now.UnixNano())
	}
}

// Drain returns the alerts raised or updated since the last call and the number of series
// evicted meanwhile.
func (d *Detector) Drain() (alerts []Alert, evicted int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	alerts, evicted = d.pending, d.evicted
	d.pending, d.evicted = nil, 0
	return alerts, evicted
}

// SeriesCount returns how many series are held.
func (d *Detector) SeriesCount() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.series.count
}

// eventNow is the event clock: the latest call time, moved on by the wall time since it was
// seen. Backfilled data closes windows at its own pace; silence still moves time forward.
func (d *Detector) eventNow(wall int64) int64 {
	if elapsed := wall - d.wallAtMax; elapsed > 0 {
		return d.maxEvent + elapsed
	}
	return d.maxEvent
}

func (d *Detector) advanceLocked(wall int64) {
	target := floorTo(d.eventNow(wall)-d.grace, d.window)
	if target <= d.closedUpTo {
		return
	}
	if (target-d.closedUpTo)/d.window > maxCatchUp {
		d.closedUpTo = target - maxCatchUp*d.window
	}
	for d.closedUpTo < target {
		d.closeWindow(d.closedUpTo, d.eventNow(wall))
		d.closedUpTo += d.window
	}
}

// lookup returns the series of k, whose hash (seriesIndex) is h, marked most recently used;
// a missing one is created when create is set.
func (d *Detector) lookup(k seriesKey, h uint64, create bool) *series {
	if s := d.series.find(k, h); s != nil {
		d.lru.touch(s)
		return s
	}
	if !create {
		return nil
	}
	for d.series.count >= d.cfg.MaxSeries && d.lru.tail != nil {
		victim := d.lru.tail
		d.lru.remove(victim)
		d.series.remove(victim)
		d.evicted++
	}
	s := &series{key: k.owned()}
	d.series.insert(s, h)
	d.lru.pushFront(s)
	return s
}

// opening is an alert opened in the current window close, not yet emitted.
type opening struct {
	s *series
	t Type
}

type tenantType struct {
	tenant string
	t      Type
}

// closeWindow judges window [start, start+window) on every series, then decides which new
// alerts to emit: one incident seen by a model and by its tenant's overall series is one alert.
func (d *Detector) closeWindow(start, now int64) {
	if start < d.judgeFrom {
		// The detector started during (or after) this window: its counts are partial and
		// would read as a drop, so they are neither judged nor learned.
		for s := d.lru.head; s != nil; s = s.next {
			s.take(start)
		}
		return
	}
	var opened []opening
	emittedOpen := map[tenantType]bool{}
	for s := d.lru.head; s != nil; s = s.next { // any order will do: the openings are sorted below
		w := s.take(start)
		prev := s.last
		if st := s.alerts[TypeErrorRate]; st != nil && st.open() {
			prev.errors = 0
		}
		if st := s.alerts[TypeZeroResult]; st != nil && st.open() {
			prev.zero = 0
		}
		verdicts, findings := d.cfg.evaluate(&s.base, &w, prev)
		s.last = prevCounts{w.count, w.errors, w.zero}
		for t := range numTypes {
			if d.step(s, t, verdicts[t], findings[t], start, now) {
				opened = append(opened, opening{s, t})
			}
			if st := s.alerts[t]; st != nil && st.open() && st.emitted {
				emittedOpen[tenantType{s.key.tenant, t}] = true
			}
		}
		d.cfg.learn(&s.base, &w, func(types ...Type) bool {
			for _, t := range types {
				if st := s.alerts[t]; st != nil && st.open() && st.openWindows < d.cfg.AdaptAfterWindows {
					return true
				}
			}
			return false
		})
	}
	d.emitOpenings(opened, emittedOpen)
}

// emitOpenings: per tenant and type, nothing new when an emitted alert already covers it;
// else the tenant-wide alert when two or more models (or none) opened too, else the models'.
func (d *Detector) emitOpenings(opened []opening, emittedOpen map[tenantType]bool) {
	sort.Slice(opened, func(i, j int) bool {
		a, b := opened[i].s.key, opened[j].s.key
		if a.tenant != b.tenant {
			return a.tenant < b.tenant
		}
		if opened[i].t != opened[j].t {
			return opened[i].t < opened[j].t
		}
		if a.provider != b.provider {
			return a.provider < b.provider
		}
		return a.model < b.model
	})
	for i := 0; i < len(opened); {
		j := i
		var wide *opening
		var models []opening
		for ; j < len(opened) && opened[j].s.key.tenant == opened[i].s.key.tenant && opened[j].t == opened[i].t; j++ {
			if opened[j].s.key.tenantWide() {
				wide = &opened[j]
			} else {
				models = append(models, opened[j])
			}
		}
		switch {
		case emittedOpen[tenantType{opened[i].s.key.tenant, opened[i].t}]:
		case wide != nil && len(models) != 1:
			d.emit(wide.s, wide.t)
		default:
			for _, m := range models {
				d.emit(m.s, m.t)
			}
		}
		i = j
	}
}

// step advances one alert's life by one window; it reports a newly opened alert.
func (d *Detector) step(s *series, t Type, v verdict, f finding, start, now int64) bool {
	st := s.alerts[t]
	cooldown := int64(d.cfg.CooldownWindows) * d.window
	end := start + d.window
	if v == anomalous {
		switch {
		case st == nil || (!st.open() && start-st.resolvedAt >= cooldown):
			s.alerts[t] = &alertState{
				id: alertIDFor(s.key, t, start), version: 1, detectedAt: now,
				windowStart: start, windowEnd: end, openWindows: 1, peak: f,
			}
			return true
		case !st.open(): // within the cooldown: the same incident again
			st.resolvedAt, st.normalStreak, st.windowEnd = 0, 0, end
			st.openWindows++
			st.version++
			st.absorb(f)
			if st.emitted {
				d.pending = append(d.pending, d.alertOf(s, t, st))
			}
		default:
			st.normalStreak, st.windowEnd = 0, end
			st.openWindows++
			st.absorb(f)
		}
		return false
	}
	if st == nil {
		return false
	}
	if !st.open() {
		if start-st.resolvedAt >= cooldown {
			s.alerts[t] = nil
		}
		return false
	}
	st.openWindows++
	st.normalStreak++
	if st.normalStreak >= d.cfg.RecoveryWindows {
		st.resolvedAt = st.windowEnd
		st.version++
		if st.emitted {
			d.pending = append(d.pending, d.alertOf(s, t, st))
		}
	}
	return false
}

func (d *Detector) emit(s *series, t Type) {
	st := s.alerts[t]
	st.emitted = true
	d.pending = append(d.pending, d.alertOf(s, t, st))
}

func (d *Detector) alertOf(s *series, t Type, st *alertState) Alert {
	a := Alert{
		ID: st.id, Version: st.version, Timestamp: time.Unix(0, st.detectedAt).UTC(),
		Tenant: s.key.tenant, Provider: s.key.provider, Model: s.key.model,
		Type: t, Severity: st.peak.severity, Metric: st.peak.metric,
		Expected: st.peak.expected, Actual: st.peak.actual,
		WindowStart: time.Unix(0, st.windowStart).UTC(), WindowEnd: time.Unix(0, st.windowEnd).UTC(),
	}
	if st.resolvedAt != 0 {
		a.ResolvedAt = time.Unix(0, st.resolvedAt).UTC()
	}
	a.Description = describe(&a, d.cfg.Window)
	if st.peak.detail != "" {
		a.Description += "; " + st.peak.detail
	}
	return a
}

func describe(a *Alert, window time.Duration) string {
	scope := "all models"
	if a.Model != "" || a.Provider != "" {
		scope = a.Provider + "/" + a.Model
	}
	ratio := ""
	if a.Expected > 0 {
		ratio = fmt.Sprintf(" (%.1f× expected)", a.Actual/a.Expected)
	}
	return fmt.Sprintf("%s: %s was %.4g against an expected %.4g%s in a %s window; tenant %s, %s",
		a.Type, a.Metric, a.Actual, a.Expected, ratio, window, a.Tenant, scope)
}

// unionFlags lists the types flagged by either series once each, in type order; nil (and no
// allocation) when there is none, the common case.
func (d *Detector) unionFlags(model, tenant *series, smp *Sample) []Type {
	set := model.flags(smp, &d.cfg) | tenant.flags(smp, &d.cfg)
	if set == 0 {
		return nil
	}
	out := make([]Type, 0, bits.OnesCount8(uint8(set)))
	for t := range numTypes {
		if set&(1<<t) != 0 {
			out = append(out, t)
		}
	}
	return out
}

// floorTo rounds t down to a multiple of step (also for negative t).
func floorTo(t, step int64) int64 {
	r := t % step
	if r < 0 {
		r += step
	}
	return t - r
}
