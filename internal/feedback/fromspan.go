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
// replayed span yields the same row. Most spans carry no follow-up: they cost two attribute
// lookups and no allocation.
func FollowUpFromSpan(span ptrace.Span) (Feedback, bool) {
	a := span.Attributes()
	if !hasFollowUp(a) {
		return Feedback{}, false
	}
	if genai.Str(a, genai.KeyEventID) == "" {
		return Feedback{}, false // not an analytics span
	}
	tenant := genai.Str(a, genai.KeyTenantID)
	if tenant == "" {
		tenant = genai.DefaultTenant
	}
	return followUpFromSpan(a, tenant)
}

// hasFollowUp checks for the follow-up attributes before anything is read or allocated.
func hasFollowUp(a pcommon.Map) bool {
	if _, ok := a.Get(KeyFollowUpResponseID); ok {
		return true
	}
	_, ok := a.Get(KeyFollowUpTraceID)
	return ok
}

func followUpFromSpan(a pcommon.Map, tenant string) (Feedback, bool) {
	traceID, spanID := genai.Str(a, KeyFollowUpTraceID), genai.Str(a, KeyFollowUpSpanID)
	responseID := genai.Str(a, KeyFollowUpResponseID)
	if responseID == "" && (traceID == "" || spanID == "") {
		return Feedback{}, false
	}
	fb := Feedback{
		Timestamp:  time.Unix(0, genai.Int(a, KeyFollowUpTime)).UTC(),
		TenantID:   tenant,
		UserID:     genai.Str(a, genai.KeyUserID),
		SessionID:  genai.Str(a, genai.KeySessionID),
		ResponseID: responseID,
		TraceID:    traceID,
		SpanID:     spanID,
		Type:       TypeFollowUp,
		Source:     SourceImplicit,
		Metadata:   map[string]string{},
	}
	if v, ok := a.Get(KeyFollowUpGapMs); ok {
		if gap, ok := genai.AsFloat(v); ok {
			fb.Metadata["gap_ms"] = strconv.FormatFloat(gap, 'f', -1, 64)
		}
	}
	// One implicit follow-up per followed-up response, whichever query detected it.
	fb.EventID = contentID("implicit_follow_up", tenant, responseID, traceID, spanID)
	return fb, true
}
