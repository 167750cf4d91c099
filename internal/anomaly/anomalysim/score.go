package anomalysim

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/anomaly"
)

// TypeScore is the quality of one detector over a set of days.
type TypeScore struct {
	Incidents, Detected int
	Alerts, TrueAlerts  int
	Delays              []float64 // in windows, first matching alert per detected incident
}

// Recall is detected incidents / incidents (1 when there were none).
func (s TypeScore) Recall() float64 { return ratio(s.Detected, s.Incidents) }

// Precision is alerts matching an incident / alerts (1 when there were none).
func (s TypeScore) Precision() float64 { return ratio(s.TrueAlerts, s.Alerts) }

// MaxDelay in windows.
func (s TypeScore) MaxDelay() float64 {
	m := 0.0
	for _, d := range s.Delays {
		m = max(m, d)
	}
	return m
}

// P95Delay in windows (nearest rank).
func (s TypeScore) P95Delay() float64 {
	if len(s.Delays) == 0 {
		return 0
	}
	d := append([]float64(nil), s.Delays...)
	sort.Float64s(d)
	return d[int(math.Ceil(0.95*float64(len(d))))-1]
}

// MeanDelay in windows.
func (s TypeScore) MeanDelay() float64 {
	if len(s.Delays) == 0 {
		return 0
	}
	sum := 0.0
	for _, d := range s.Delays {
		sum += d
	}
	return sum / float64(len(s.Delays))
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Report aggregates days.
type Report struct {
	Window      time.Duration
	ByType      map[anomaly.Type]*TypeScore
	CleanDays   int
	CleanAlerts int
	Calls       int
}

// NewReport returns an empty report for a window size.
func NewReport(window time.Duration) *Report {
	r := &Report{Window: window, ByType: map[anomaly.Type]*TypeScore{}}
	for _, t := range anomaly.Types() {
		r.ByType[t] = &TypeScore{}
	}
	return r
}

// matches: same type and tenant, the incident's model or the tenant-wide series, and the
// alert's first window overlapping the incident (one window of slack either side).
func matches(a *anomaly.Alert, inc *Incident, window time.Duration) bool {
	if a.Type != inc.Type || a.Tenant != inc.Tenant {
		return false
	}
	if inc.Model != "" && a.Model != "" && a.Model != inc.Model {
		return false
	}
	return !a.WindowStart.Before(inc.Start.Add(-window)) && a.WindowStart.Before(inc.End().Add(window))
}

// AddDay scores one day's alerts against its incidents.
func (r *Report) AddDay(sc *Scenario, alerts []anomaly.Alert, calls int) {
	r.Calls += calls
	if len(sc.Incidents) == 0 {
		r.CleanDays++
		r.CleanAlerts += len(alerts)
	}
	for i := range alerts {
		s := r.ByType[alerts[i].Type]
		s.Alerts++
		for j := range sc.Incidents {
			if matches(&alerts[i], &sc.Incidents[j], r.Window) {
				s.TrueAlerts++
				break
			}
		}
	}
	for j := range sc.Incidents {
		inc := &sc.Incidents[j]
		s := r.ByType[inc.Type]
		s.Incidents++
		first := time.Time{}
		for i := range alerts {
			if matches(&alerts[i], inc, r.Window) && (first.IsZero() || alerts[i].Timestamp.Before(first)) {
				first = alerts[i].Timestamp
			}
		}
		if !first.IsZero() {
			s.Detected++
			s.Delays = append(s.Delays, float64(first.Sub(inc.Start))/float64(r.Window))
		}
	}
}

// Total sums all types.
func (r *Report) Total() TypeScore {
	var t TypeScore
	for _, s := range r.ByType {
		t.Incidents += s.Incidents
		t.Detected += s.Detected
		t.Alerts += s.Alerts
		t.TrueAlerts += s.TrueAlerts
		t.Delays = append(t.Delays, s.Delays...)
	}
	return t
}

// Markdown renders the report as a table.
func (r *Report) Markdown() string {
	var b strings.Builder
	b.WriteString("| type | incidents | detected | recall | alerts | precision | delay mean | delay p95 | delay max |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	row := func(name string, s TypeScore) {
		fmt.Fprintf(&b, "| %s | %d | %d | %.3f | %d | %.3f | %.2f | %.2f | %.2f |\n", name, s.Incidents, s.Detected,
			s.Recall(), s.Alerts, s.Precision(), s.MeanDelay(), s.P95Delay(), s.MaxDelay())
	}
	for _, t := range anomaly.Types() {
		row(t.String(), *r.ByType[t])
	}
	row("**all**", r.Total())
	fmt.Fprintf(&b, "\nDelays in windows. Clean days: %d, false alerts: %d (%.2f per clean day). Calls simulated: %d. Window: %s.\n",
		r.CleanDays, r.CleanAlerts, float64(r.CleanAlerts)/float64(max(r.CleanDays, 1)), r.Calls, r.Window)
	return b.String()
}
