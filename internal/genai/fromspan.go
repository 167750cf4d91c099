package genai

import (
	"math"
	"strings"
	"time"

	"github.com/google/uuid"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// mappedKeys are stored in their own columns (or are message content stored as query and
// response), so they are left out of the generic attributes map.
var mappedKeys = map[string]struct{}{
	KeyOperationName: {}, KeyProviderName: {}, KeyRequestModel: {}, KeyResponseModel: {},
	KeyResponseID: {}, KeyRequestTemperature: {}, KeyInputTokens: {}, KeyOutputTokens: {},
	KeyCacheReadTokens: {}, KeyCacheWriteTokens: {}, KeyReasoningTokens: {}, KeyFinishReasons: {},
	KeyInputMessages: {}, KeyOutputMessages: {}, KeySystemInstructions: {}, KeyErrorType: {},
	KeyEventID: {}, KeyTenantID: {}, KeyUserID: {}, KeySessionID: {}, KeyQuery: {},
	KeyQueryFingerprint: {}, KeyQueryCategory: {}, KeyResponse: {}, KeyResponseLength: {},
	KeyCostUSD: {}, KeyCostSource: {}, KeyLatencyMs: {}, KeyFinishReason: {}, KeyError: {},
	KeyZeroResult: {}, KeyZeroResultReason: {}, KeyUserSource: {}, KeyFeatureVersion: {},
	KeyUserSegment: {}, KeyGeography: {}, KeyAnomalyFlags: {}, KeyConversationID: {},
}

// contentPrefixes are message-content attributes of other dialects: already captured in
// query/response, and too large to repeat in the attributes map.
var contentPrefixes = []string{
	"gen_ai.prompt", "gen_ai.completion", "llm.input_messages", "llm.output_messages",
	"input.value", "output.value", "ai.prompt", "ai.response.text", "ai.response.object",
}

// IsAnalyticsSpan reports whether the processor marked the span as a GenAI call.
func IsAnalyticsSpan(span ptrace.Span) bool {
	_, ok := span.Attributes().Get(KeyEventID)
	return ok
}

// EventFromSpan reads the canonical attributes the processor wrote on a span into an Event.
// ok is false when the span is not a GenAI call (no event id).
func EventFromSpan(span ptrace.Span, resource pcommon.Resource) (ev Event, ok bool) {
	ev, ok = EventFromAttributes(span.Attributes(), resource, span.TraceID(), span.SpanID(),
		timestampTime(span.StartTimestamp()), spanLatencyMs(span))
	if ok && span.SpanID().IsEmpty() {
		// Without a span id every such span would share one event id and all but one would
		// collapse away under FINAL (see guards.go).
		ev.EventID = contentEventID(span)
	}
	return ev, ok
}

// EventFromLogRecord reads an event carried by a log record (event.name
// aianalytics.genai_event): the processor emits one when a GenAI call's content arrives after
// its span, so the exporter can write the completed row under the same event id.
func EventFromLogRecord(lr plog.LogRecord, resource pcommon.Resource) (ev Event, ok bool) {
	ts := lr.Timestamp()
	if ts == 0 {
		ts = lr.ObservedTimestamp()
	}
	return EventFromAttributes(lr.Attributes(), resource, lr.TraceID(), lr.SpanID(), timestampTime(ts), 0)
}

// EventFromAttributes builds an Event from canonical attributes. latencyMs is used when the
// attributes carry no aianalytics.latency_ms.
func EventFromAttributes(attrs pcommon.Map, resource pcommon.Resource, traceID pcommon.TraceID,
	spanID pcommon.SpanID, start time.Time, latency float64,
) (ev Event, ok bool) {
	idVal, found := attrs.Get(KeyEventID)
	if !found {
		return Event{}, false
	}
	id, err := uuid.Parse(idVal.Str())
	if err != nil || id == uuid.Nil {
		// A foreign, damaged or nil id still deserves a stable key of its own (the nil UUID
		// would merge every such event into one row).
		id = EventIDFor(traceID, spanID)
	}
	if v, ok := attrs.Get(KeyLatencyMs); ok {
		if f, ok := AsFloat(v); ok && f >= 0 && !math.IsInf(f, 0) {
			latency = f
		}
	}
	ev = Event{
		EventID:          id,
		Timestamp:        storableTime(start),
		TenantID:         Str(attrs, KeyTenantID),
		UserID:           Str(attrs, KeyUserID),
		SessionID:        Str(attrs, KeySessionID),
		ServiceName:      Str(resource.Attributes(), KeyServiceName),
		Operation:        Str(attrs, KeyOperationName),
		Provider:         Str(attrs, KeyProviderName),
		RequestModel:     Str(attrs, KeyRequestModel),
		ResponseModel:    Str(attrs, KeyResponseModel),
		Temperature:      floatPtr(attrs, KeyRequestTemperature),
		InputTokens:      Uint32(attrs, KeyInputTokens),
		OutputTokens:     Uint32(attrs, KeyOutputTokens),
		CacheReadTokens:  Uint32(attrs, KeyCacheReadTokens),
		CacheWriteTokens: Uint32(attrs, KeyCacheWriteTokens),
		ReasoningTokens:  Uint32(attrs, KeyReasoningTokens),
		CostUSD:          floatPtr(attrs, KeyCostUSD),
		CostSource:       Str(attrs, KeyCostSource),
		LatencyMs:        latency,
		Query:            Str(attrs, KeyQuery),
		QueryFingerprint: uint64(Int(attrs, KeyQueryFingerprint)),
		Response:         Str(attrs, KeyResponse),
		ResponseID:       Str(attrs, KeyResponseID),
		ResponseLength:   Uint32(attrs, KeyResponseLength),
		FinishReason:     Str(attrs, KeyFinishReason),
		Error:            Bool(attrs, KeyError),
		ErrorType:        Str(attrs, KeyErrorType),
		ZeroResult:       Bool(attrs, KeyZeroResult),
		ZeroResultReason: Str(attrs, KeyZeroResultReason),
		QueryCategory:    Str(attrs, KeyQueryCategory),
		UserSource:       Str(attrs, KeyUserSource),
		FeatureVersion:   Str(attrs, KeyFeatureVersion),
		UserSegment:      Str(attrs, KeyUserSegment),
		Geography:        Str(attrs, KeyGeography),
		AnomalyFlags:     StrSlice(attrs, KeyAnomalyFlags),
	}
	if !traceID.IsEmpty() {
		ev.TraceID = traceID.String()
	}
	if !spanID.IsEmpty() {
		ev.SpanID = spanID.String()
	}
	if ev.TenantID == "" {
		ev.TenantID = DefaultTenant
	}
	if ev.CostSource == "" {
		ev.CostSource = CostSourceUnknown
	}
	ev.Attributes = otherAttributes(attrs)
	if !ev.Timestamp.Equal(start) {
		ev.Attributes[KeyTimestampOriginal] = start.Format(time.RFC3339Nano)
	}
	ev.sanitizeText()
	return ev, true
}

func spanLatencyMs(span ptrace.Span) float64 {
	start, end := span.StartTimestamp(), span.EndTimestamp()
	if end <= start {
		return 0
	}
	return float64(end-start) / float64(time.Millisecond)
}

func otherAttributes(attrs pcommon.Map) map[string]string {
	// Most attributes of an enriched span are mapped to columns: count the rest first so the map
	// is sized for the ~10 that stay, not the ~45 on the span (it was the biggest allocation here).
	kept := 0
	attrs.Range(func(k string, _ pcommon.Value) bool {
		if !isMappedOrContent(k) {
			kept++
		}
		return true
	})
	out := make(map[string]string, kept)
	if kept == 0 {
		return out
	}
	attrs.Range(func(k string, v pcommon.Value) bool {
		if !isMappedOrContent(k) {
			out[k] = v.AsString()
		}
		return true
	})
	return out
}

func isMappedOrContent(k string) bool {
	if _, mapped := mappedKeys[k]; mapped {
		return true
	}
	return isContentKey(k)
}

func isContentKey(k string) bool {
	for _, p := range contentPrefixes {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

func floatPtr(attrs pcommon.Map, key string) *float64 {
	v, ok := attrs.Get(key)
	if !ok {
		return nil
	}
	f, ok := AsFloat(v)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return &f
}
