package anomaly

import (
	"crypto/sha1" //nolint:gosec // a name-based UUID (RFC 9562 v5), not a security use
	"encoding/binary"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// Type of anomaly; also the value written into aianalytics.anomaly.flags.
type Type uint8

const (
	TypeSpike Type = iota
	TypeDrop
	TypeErrorRate
	TypeLatency
	TypeCost
	TypeZeroResult
	numTypes
)

var typeNames = [numTypes]string{"spike", "drop", "error_rate", "latency", "cost", "zero_result"}

func (t Type) String() string {
	if t < numTypes {
		return typeNames[t]
	}
	return "unknown"
}

// Types lists every anomaly type in flag order.
func Types() []Type {
	return []Type{TypeSpike, TypeDrop, TypeErrorRate, TypeLatency, TypeCost, TypeZeroResult}
}

// Severity of an alert, from the size of the deviation.
type Severity uint8

const (
	SeverityLow Severity = iota
	SeverityMedium
	SeverityHigh
)

func (s Severity) String() string {
	switch s {
	case SeverityHigh:
		return "high"
	case SeverityMedium:
		return "medium"
	default:
		return "low"
	}
}

// severityFromScore maps how many times the deviation exceeds the alert threshold's
// deviation (1 = just over) to a severity.
func severityFromScore(score float64) Severity {
	switch {
	case score >= 2.5:
		return SeverityHigh
	case score >= 1.5:
		return SeverityMedium
	default:
		return SeverityLow
	}
}

// Alert is one incident on one series, as written to genai_anomalies. The same ID is emitted
// again, with a higher Version, when the incident resolves (ResolvedAt set) or reopens within
// the cooldown, so a table that keeps the highest version per ID holds one row per incident.
type Alert struct {
	ID          uuid.UUID
	Version     uint64
	Timestamp   time.Time // when it was first detected (the closing of its first window)
	Tenant      string
	Provider    string // empty for a tenant-wide alert
	Model       string // empty for a tenant-wide alert
	Type        Type
	Severity    Severity
	Metric      string
	Expected    float64
	Actual      float64 // the most deviant window's value
	Description string
	WindowStart time.Time // start of the first anomalous window
	WindowEnd   time.Time // end of the last anomalous window
	ResolvedAt  time.Time // zero while open
}

// Resolved reports whether the alert has ended.
func (a *Alert) Resolved() bool { return !a.ResolvedAt.IsZero() }

var alertIDNamespace = uuid.MustParse("9b2d6c1e-7a4f-5c3b-8e1d-2f6a7b8c9d0e")

// alertIDFor is deterministic, so a replay of the same data raises the same alert id.
func alertIDFor(k seriesKey, t Type, windowStart int64) uuid.UUID {
	var ts [9]byte
	binary.BigEndian.PutUint64(ts[:8], uint64(windowStart))
	ts[8] = byte(t)
	name := make([]byte, 0, len(k.tenant)+len(k.provider)+len(k.model)+12)
	name = append(name, k.tenant...)
	name = append(name, 0)
	name = append(name, k.provider...)
	name = append(name, 0)
	name = append(name, k.model...)
	name = append(name, 0)
	name = append(name, ts[:]...)
	return uuid.NewHash(sha1.New(), alertIDNamespace, name, 5)
}

// finding is one detector's verdict on an anomalous window.
type finding struct {
	metric   string
	expected float64
	actual   float64
	severity Severity
	detail   string // appended to the description (e.g. the top spender of a cost burst)
}

// alertState follows one open (or recently resolved) alert of one type on one series.
type alertState struct {
	id           uuid.UUID
	version      uint64
	detectedAt   int64
	windowStart  int64
	windowEnd    int64
	resolvedAt   int64 // 0 while open
	openWindows  int
	normalStreak int
	emitted      bool // false when folded into another alert of the same incident
	peak         finding
}

func (st *alertState) open() bool { return st.resolvedAt == 0 }

// absorb keeps the most deviant window's values and the highest severity.
func (st *alertState) absorb(f finding) {
	if f.severity > st.peak.severity {
		st.peak.severity = f.severity
	}
	if abs(f.actual-f.expected) > abs(st.peak.actual-st.peak.expected) {
		sev := st.peak.severity
		st.peak = f
		st.peak.severity = sev
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func errorf(format string, args ...any) error { return fmt.Errorf("anomaly span: "+format, args...) }
