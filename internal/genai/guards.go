package genai

import (
	"crypto/sha1" //nolint:gosec // a name-based UUID (RFC 9562 v5), not a security use
	"encoding/binary"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// Guards for values ClickHouse cannot store as sent (found by the hostile-input corpus,
// testdata/hostile).

// KeyTimestampOriginal keeps, in the attributes map, a span start that had to be clamped.
const KeyTimestampOriginal = "aianalytics.timestamp.original"

// Storable range: DateTime64 starts in 1900, and clickhouse-go encodes DateTime64 through
// UnixNano, which ends in April 2262 — beyond it the value silently wraps into the 1700s.
var (
	minStorableTime = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	maxStorableTime = time.Unix(0, math.MaxInt64).UTC().Truncate(time.Microsecond)
)

// timestampTime converts an OTLP timestamp without pcommon's AsTime overflow: AsTime goes
// through int64 nanoseconds, so any time after 2262-04-11 wraps into the 1700s.
func timestampTime(ts pcommon.Timestamp) time.Time {
	return time.Unix(int64(uint64(ts)/1e9), int64(uint64(ts)%1e9)).UTC()
}

// storableTime clamps t into the storable range. Clamping (not "now") keeps the value
// deterministic, so a replayed span still lands on the same sorting key and deduplicates.
func storableTime(t time.Time) time.Time {
	switch {
	case t.Before(minStorableTime):
		return minStorableTime
	case t.After(maxStorableTime):
		return maxStorableTime
	default:
		return t
	}
}

// contentEventID derives an event id from what a span carries when it has no span id: two
// different id-less spans get different ids, a replay of the same one the same id. Derived
// aianalytics.* attributes are left out because they may depend on processor state.
func contentEventID(span ptrace.Span) uuid.UUID {
	h := sha1.New() //nolint:gosec // see import
	var buf [8]byte
	tid := span.TraceID()
	h.Write(tid[:])
	h.Write([]byte(span.Name()))
	binary.BigEndian.PutUint64(buf[:], uint64(span.StartTimestamp()))
	h.Write(buf[:])
	binary.BigEndian.PutUint64(buf[:], uint64(span.EndTimestamp()))
	h.Write(buf[:])
	for k, v := range span.Attributes().All() {
		if strings.HasPrefix(k, derivedPrefix) {
			continue
		}
		h.Write([]byte(k))
		h.Write([]byte{0})
		h.Write([]byte(v.AsString()))
		h.Write([]byte{0})
	}
	return uuid.NewHash(sha1.New(), eventIDNamespace, h.Sum(nil), 5) //nolint:gosec // see import
}

const derivedPrefix = "aianalytics."

// validUTF8 replaces invalid UTF-8 (OTLP/protobuf does not enforce it) with U+FFFD, so every
// String column holds text that JSON APIs and dashboards can render.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// sanitizeText makes every text field of ev valid UTF-8 (OtherAttributes are repaired as they
// are built, by attrPass.otherAttributes). A field is written only when it needs repair: an
// unconditional write of each field costs a GC write barrier while the collector marks.
func (ev *Event) sanitizeText() {
	for _, p := range []*string{
		&ev.TenantID, &ev.UserID, &ev.SessionID, &ev.ServiceName, &ev.Operation, &ev.Provider,
		&ev.RequestModel, &ev.ResponseModel, &ev.CostSource, &ev.Query, &ev.Response, &ev.ResponseID,
		&ev.FinishReason, &ev.ErrorType, &ev.ZeroResultReason, &ev.QueryCategory, &ev.UserSource,
		&ev.FeatureVersion, &ev.UserSegment, &ev.Geography,
	} {
		repairUTF8(p)
	}
	for i := range ev.AnomalyFlags {
		repairUTF8(&ev.AnomalyFlags[i])
	}
}

// repairUTF8 is validUTF8 in place, writing *p only when it changes.
func repairUTF8(p *string) {
	if !utf8.ValidString(*p) {
		*p = strings.ToValidUTF8(*p, "\uFFFD")
	}
}
