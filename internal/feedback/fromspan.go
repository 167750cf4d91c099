package feedback

import (
	"strconv"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// FollowUpFromSpan returns the implicit follow_up the processor marked on an analytics span
// (aianalytics.followup.*), if any. The id is derived from the followed-up response, so a
// replayed span yields the same row. The attributes are read in one pass; most spans carry
// no follow-up and cost no allocation.
func FollowUpFromSpan(span ptrace.Span) (Feedback, bool) {
	attrs := span.Attributes()
	if !hasFollowUp(attrs) {
		return Feedback{}, false
	}
	var a followUpAttrs
	a.read(attrs)
	if a.str(followUpEventID) == "" {
		return Feedback{}, false // not an analytics span
	}
	tenant := a.str(followUpTenantID)
	if tenant == "" {
		tenant = genai.DefaultTenant
	}
	return followUpFromAttrs(&a, tenant)
}

func followUpFromAttrs(a *followUpAttrs, tenant string) (Feedback, bool) {
	traceID, spanID := a.str(followUpTraceID), a.str(followUpSpanID)
	responseID := a.str(followUpResponseID)
	if responseID == "" && (traceID == "" || spanID == "") {
		return Feedback{}, false
	}
	var unixNano int64
	if a.has[followUpTime] {
		unixNano, _ = genai.AsInt(a.vals[followUpTime])
	}
	fb := Feedback{
		Timestamp:  time.Unix(0, unixNano).UTC(),
		TenantID:   tenant,
		UserID:     a.str(followUpUserID),
		SessionID:  a.str(followUpSessionID),
		ResponseID: responseID,
		TraceID:    traceID,
		SpanID:     spanID,
		Type:       TypeFollowUp,
		Source:     SourceImplicit,
		Metadata:   map[string]string{},
	}
	// One implicit follow-up per followed-up response, whichever query detected it. The id
	// and the gap are cut from one string: one allocation per row less.
	var stack [64]byte
	texts := appendUUID(stack[:0], contentUUID("implicit_follow_up", tenant, responseID, traceID, spanID))
	idLen := len(texts)
	hasGap := false
	if a.has[followUpGapMs] {
		var gap float64
		if gap, hasGap = genai.AsFloat(a.vals[followUpGapMs]); hasGap {
			texts = strconv.AppendFloat(texts, gap, 'f', -1, 64)
		}
	}
	both := string(texts)
	fb.EventID = both[:idLen]
	if hasGap {
		fb.Metadata["gap_ms"] = both[idLen:]
	}
	return fb, true
}

// hasFollowUp checks for the follow-up attributes before anything is read or allocated. Two
// lookups, not one pass with Map.All: the lookups' plain loops cost half as much, and the
// common span has no follow-up.
func hasFollowUp(a pcommon.Map) bool {
	if _, ok := a.Get(KeyFollowUpResponseID); ok {
		return true
	}
	_, ok := a.Get(KeyFollowUpTraceID)
	return ok
}
