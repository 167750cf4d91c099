package anomaly

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"
)

// The learned state (baselines and open alerts) can be saved and restored, so a restart
// neither warms up again nor orphans an open alert. Windows in progress and the event clock
// are not kept: the first call after a restart starts the clock again, and the downtime is not
// mistaken for a drop to zero.

const stateVersion = 1

type savedState struct {
	Version int           `json:"v"`
	Window  int64         `json:"window_ns"`
	Series  []savedSeries `json:"series"` // most recently seen first
}

type savedSeries struct {
	Tenant   string       `json:"t"`
	Provider string       `json:"p,omitempty"`
	Model    string       `json:"m,omitempty"`
	Base     [7]savedEWMA `json:"b"`
	Alerts   []savedAlert `json:"a,omitempty"`
	Last     [3]uint32    `json:"l"`
}

type savedEWMA [3]float64 // mean, variance, n

type savedAlert struct {
	Type         Type      `json:"type"`
	ID           uuid.UUID `json:"id"`
	Version      uint64    `json:"ver"`
	DetectedAt   int64     `json:"det"`
	WindowStart  int64     `json:"ws"`
	WindowEnd    int64     `json:"we"`
	ResolvedAt   int64     `json:"res,omitempty"`
	OpenWindows  int       `json:"open"`
	NormalStreak int       `json:"normal"`
	Emitted      bool      `json:"emitted"`
	Metric       string    `json:"metric"`
	Expected     float64   `json:"exp"`
	Actual       float64   `json:"act"`
	Severity     Severity  `json:"sev"`
}

func (b *baselines) all() [7]*ewma {
	return [7]*ewma{&b.requests, &b.errorRate, &b.latMean, &b.latP95, &b.cost, &b.costPerReq, &b.zeroRate}
}

// MarshalState encodes the baselines and alerts of every series.
func (d *Detector) MarshalState() ([]byte, error) {
	d.mu.Lock()
	st := savedState{Version: stateVersion, Window: d.window, Series: make([]savedSeries, 0, d.series.count)}
	for s := d.lru.head; s != nil; s = s.next {
		ss := savedSeries{Tenant: s.key.tenant, Provider: s.key.provider, Model: s.key.model,
			Last: [3]uint32{s.last.n, s.last.errors, s.last.zero}}
		for i, e := range s.base.all() {
			ss.Base[i] = savedEWMA{e.mean, e.variance, float64(e.n)}
		}
		for t, a := range s.alerts {
			if a == nil {
				continue
			}
			ss.Alerts = append(ss.Alerts, savedAlert{
				Type: Type(t), ID: a.id, Version: a.version, DetectedAt: a.detectedAt, WindowStart: a.windowStart,
				WindowEnd: a.windowEnd, ResolvedAt: a.resolvedAt, OpenWindows: a.openWindows, NormalStreak: a.normalStreak,
				Emitted: a.emitted, Metric: a.peak.metric, Expected: a.peak.expected, Actual: a.peak.actual, Severity: a.peak.severity,
			})
		}
		st.Series = append(st.Series, ss)
	}
	d.mu.Unlock()
	return json.Marshal(st)
}

// RestoreState loads state saved by MarshalState into a detector that has seen no call yet;
// it returns the number of series restored. State saved with another window size is refused
// (its baselines would mean something else).
func (d *Detector) RestoreState(data []byte) (int, error) {
	var st savedState
	if err := json.Unmarshal(data, &st); err != nil {
		return 0, fmt.Errorf("decoding anomaly state: %w", err)
	}
	if st.Version != stateVersion {
		return 0, fmt.Errorf("anomaly state version %d not supported", st.Version)
	}
	if st.Window != d.window {
		return 0, fmt.Errorf("anomaly state was saved with %d ns windows, now %d ns: starting afresh", st.Window, d.window)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.started || d.series.count > 0 {
		return 0, errors.New("anomaly state can only be restored before the first call")
	}
	if len(st.Series) > d.cfg.MaxSeries {
		st.Series = st.Series[:d.cfg.MaxSeries] // keep the most recently seen
	}
	for i := len(st.Series) - 1; i >= 0; i-- { // oldest first, so the LRU order survives
		ss := &st.Series[i]
		k := newSeriesKey(ss.Tenant, ss.Provider, ss.Model)
		h := d.series.keyHash(k)
		if d.series.find(k, h) != nil {
			continue
		}
		s := &series{key: k, last: prevCounts{ss.Last[0], ss.Last[1], ss.Last[2]}}
		for j, e := range s.base.all() {
			e.mean, e.variance = ss.Base[j][0], ss.Base[j][1]
			e.n = uint32(min(max(ss.Base[j][2], 0), float64(^uint32(0))))
		}
		for _, a := range ss.Alerts {
			if a.Type >= numTypes {
				continue
			}
			s.alerts[a.Type] = &alertState{
				id: a.ID, version: a.Version, detectedAt: a.DetectedAt, windowStart: a.WindowStart, windowEnd: a.WindowEnd,
				resolvedAt: a.ResolvedAt, openWindows: a.OpenWindows, normalStreak: a.NormalStreak, emitted: a.Emitted,
				peak: finding{metric: a.Metric, expected: a.Expected, actual: a.Actual, severity: a.Severity},
			}
		}
		d.series.insert(s, h)
		d.lru.pushFront(s)
	}
	return d.series.count, nil
}
