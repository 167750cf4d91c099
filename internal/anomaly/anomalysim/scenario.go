package anomalysim

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/anomaly"
)

// SeriesSpec is the normal behaviour of one (tenant, provider, model).
type SeriesSpec struct {
	Tenant, Provider, Model string
	PeakPerMin              float64 // calls per minute at the daily peak
	LatencyMs               float64 // median
	CostPerCall             float64 // mean USD
	ErrorRate, ZeroRate     float64
}

// Incident is one injected, labelled anomaly. Model "" means the whole tenant.
type Incident struct {
	Type          anomaly.Type
	Tenant, Model string
	Start         time.Time
	Duration      time.Duration
}

// End is when the incident stops.
func (i Incident) End() time.Time { return i.Start.Add(i.Duration) }

// Scenario is one simulated day.
type Scenario struct {
	Seed      uint64
	Start     time.Time
	Duration  time.Duration
	Series    []SeriesSpec
	Incidents []Incident
	// Tap, when set, sees every generated call (for inspecting a scenario).
	Tap func(anomaly.Sample)
}

// DefaultSeries: three tenants of different sizes, six model series.
func DefaultSeries() []SeriesSpec {
	return []SeriesSpec{
		{"acme", "openai", "gpt-4o-mini", 200, 900, 0.0004, 0.01, 0.05},
		{"acme", "openai", "gpt-4o", 60, 1800, 0.006, 0.01, 0.04},
		{"acme", "anthropic", "claude-sonnet-4-5", 100, 1500, 0.008, 0.015, 0.05},
		{"globex", "openai", "gpt-4o-mini", 150, 850, 0.0004, 0.01, 0.06},
		{"globex", "google", "gemini-2.5-flash", 50, 700, 0.0003, 0.02, 0.05},
		{"initech", "anthropic", "claude-haiku-4-5", 80, 600, 0.001, 0.01, 0.08},
	}
}

// dailyShape is the traffic level at a time of day: 0.3 at 03:00 up to 1.0 at 15:00.
func dailyShape(t time.Time) float64 {
	h := float64(t.Hour()) + float64(t.Minute())/60
	return 0.3 + 0.7*(0.5-0.5*math.Cos(2*math.Pi*(h-3)/24))
}

// Incident lengths and strengths of the brief.
var incidentDurations = map[anomaly.Type]time.Duration{
	anomaly.TypeSpike: 3 * time.Minute, anomaly.TypeErrorRate: 5 * time.Minute,
	anomaly.TypeLatency: 4 * time.Minute, anomaly.TypeDrop: 3 * time.Minute,
	anomaly.TypeCost: 5 * time.Minute, anomaly.TypeZeroResult: 5 * time.Minute,
}

// minIncidentRate: incidents go to series with at least this many calls per minute at that
// time; smaller ones sit below the detector's volume guard by design.
const minIncidentRate = 50

// NewDay builds one day starting at start; with incidents, one of each type at random times
// in distinct two-hour slots between 05:00 and 23:00, on random eligible series.
func NewDay(seed uint64, start time.Time, incidents bool) Scenario {
	sc := Scenario{Seed: seed, Start: start, Duration: 24 * time.Hour, Series: DefaultSeries()}
	if !incidents {
		return sc
	}
	rng := rand.New(rand.NewPCG(seed, 0x1dea))
	slots := rng.Perm(9)
	for i, typ := range anomaly.Types() {
		slotStart := start.Add(5*time.Hour + time.Duration(slots[i])*2*time.Hour)
		at := slotStart.Add(time.Duration(rng.Int64N(int64(time.Hour))))
		var candidates []Incident
		if typ == anomaly.TypeDrop {
			totals := map[string]float64{}
			for _, s := range sc.Series {
				totals[s.Tenant] += s.PeakPerMin * dailyShape(at)
			}
			for _, s := range sc.Series {
				if totals[s.Tenant] >= minIncidentRate && (len(candidates) == 0 || candidates[len(candidates)-1].Tenant != s.Tenant) {
					candidates = append(candidates, Incident{Tenant: s.Tenant})
				}
			}
		} else {
			for _, s := range sc.Series {
				if s.PeakPerMin*dailyShape(at) >= minIncidentRate {
					candidates = append(candidates, Incident{Tenant: s.Tenant, Model: s.Model})
				}
			}
		}
		inc := candidates[rng.IntN(len(candidates))]
		inc.Type, inc.Start, inc.Duration = typ, at, incidentDurations[typ]
		sc.Incidents = append(sc.Incidents, inc)
	}
	return sc
}

// effect is what the active incidents do to one series at one moment.
type effect struct {
	rateFactor   float64
	errorRate    float64
	zeroRate     float64
	latencyScale float64
	burstPerMin  float64 // extra calls per minute from the one expensive user
}

func (sc *Scenario) effectAt(s *SeriesSpec, t time.Time) effect {
	e := effect{rateFactor: 1, errorRate: s.ErrorRate, zeroRate: s.ZeroRate, latencyScale: 1}
	for _, inc := range sc.Incidents {
		if inc.Tenant != s.Tenant || (inc.Model != "" && inc.Model != s.Model) || t.Before(inc.Start) || !t.Before(inc.End()) {
			continue
		}
		switch inc.Type {
		case anomaly.TypeSpike:
			e.rateFactor *= 5
		case anomaly.TypeDrop:
			e.rateFactor = 0
		case anomaly.TypeErrorRate:
			e.errorRate = 0.2
		case anomaly.TypeLatency:
			e.latencyScale = 3
		case anomaly.TypeZeroResult:
			e.zeroRate = 0.35
		case anomaly.TypeCost:
			e.burstPerMin = 0.3 * s.PeakPerMin * dailyShape(t)
		}
	}
	return e
}
