package feedback

import (
	"strconv"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// DerivedFromSpan returns the feedback and funnel rows the processor asked for on an analytics
// span: at most one implicit follow_up (aianalytics.followup.*) and the funnel stages listed in
// aianalytics.funnel.stages. Ids are derived from the span, so a replayed span yields the same
// rows.
func DerivedFromSpan(span ptrace.Span) ([]Feedback, []FunnelEvent) {
	a := span.Attributes()
	eventID := genai.Str(a, genai.KeyEventID)
	if eventID == "" {
		return nil, nil
	}
	tenant := genai.Str(a, genai.KeyTenantID)
	if tenant == "" {
		tenant = genai.DefaultTenant
	}
	var fbs []Feedback
	if fb, ok := followUpFromSpan(a, tenant); ok {
		fbs = append(fbs, fb)
	}
	return fbs, funnelFromSpan(span, eventID, tenant)
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

func funnelFromSpan(span ptrace.Span, eventID, tenant string) []FunnelEvent {
	v, ok := span.Attributes().Get(KeyFunnelStages)
	if !ok || v.Type() != pcommon.ValueTypeSlice {
		return nil
	}
	a := span.Attributes()
	details := map[string]string{"source": "span", "trace_id": span.TraceID().String(), "span_id": span.SpanID().String()}
	if rid := genai.Str(a, genai.KeyResponseID); rid != "" {
		details["response_id"] = rid
	}
	var out []FunnelEvent
	stages := v.Slice()
	for i := 0; i < stages.Len(); i++ {
		stage := stages.At(i).AsString()
		ts := span.StartTimestamp()
		if stage == StageResponseReceived && span.EndTimestamp() > ts {
			ts = span.EndTimestamp()
		}
		out = append(out, FunnelEvent{
			EventID:   contentID("span_funnel", eventID, stage),
			Timestamp: ts.AsTime().UTC(),
			TenantID:  tenant,
			UserID:    genai.Str(a, genai.KeyUserID),
			SessionID: genai.Str(a, genai.KeySessionID),
			Stage:     stage,
			Details:   details,
		})
	}
	return out
}
