package genai

import (
	"encoding/hex"
	"time"

	"github.com/google/uuid"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// IsAnalyticsSpan reports whether the processor marked the span as a GenAI call.
func IsAnalyticsSpan(span ptrace.Span) bool {
	_, ok := span.Attributes().Get(KeyEventID)
	return ok
}

// EventFromSpan reads the canonical attributes the processor wrote on a span into an Event.
// ok is false when the span is not a GenAI call (no event id).
func EventFromSpan(span ptrace.Span, resource pcommon.Resource) (ev Event, ok bool) {
	return EventFromSpanWith(span, resource, nil)
}

// EventFromSpanWith is EventFromSpan with the event's OtherAttributes taken from attrs (see
// AttributeBuffer).
func EventFromSpanWith(span ptrace.Span, resource pcommon.Resource, attrs *AttributeBuffer) (ev Event, ok bool) {
	ev, ok = eventFromAttributes(span.Attributes(), resource, span.TraceID(), span.SpanID(),
		timestampTime(span.StartTimestamp()), spanLatencyMs(span), attrs)
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
	return eventFromAttributes(attrs, resource, traceID, spanID, start, latency, nil)
}

func eventFromAttributes(attrs pcommon.Map, resource pcommon.Resource, traceID pcommon.TraceID,
	spanID pcommon.SpanID, start time.Time, latency float64, buf *AttributeBuffer,
) (ev Event, ok bool) {
	p := readAttributes(attrs)
	if !p.has[fieldEventID] {
		return Event{}, false
	}
	id, err := uuid.Parse(p.vals[fieldEventID].Str())
	if err != nil || id == uuid.Nil {
		// A foreign, damaged or nil id still deserves a stable key of its own (the nil UUID
		// would merge every such event into one row).
		id = EventIDFor(traceID, spanID)
	}
	if f, ok := p.finiteFloat(fieldLatencyMs); ok && f >= 0 {
		latency = f
	}
	ev = Event{
		EventID:          id,
		Timestamp:        storableTime(start),
		TenantID:         p.str(fieldTenantID),
		UserID:           p.str(fieldUserID),
		SessionID:        p.str(fieldSessionID),
		ServiceName:      Str(resource.Attributes(), KeyServiceName),
		Operation:        p.str(fieldOperation),
		Provider:         p.str(fieldProvider),
		RequestModel:     p.str(fieldRequestModel),
		ResponseModel:    p.str(fieldResponseModel),
		InputTokens:      p.uint32(fieldInputTokens),
		OutputTokens:     p.uint32(fieldOutputTokens),
		CacheReadTokens:  p.uint32(fieldCacheReadTokens),
		CacheWriteTokens: p.uint32(fieldCacheWriteTokens),
		ReasoningTokens:  p.uint32(fieldReasoningTokens),
		CostSource:       p.str(fieldCostSource),
		LatencyMs:        latency,
		Query:            p.str(fieldQuery),
		QueryFingerprint: uint64(p.int(fieldQueryFingerprint)),
		Response:         p.str(fieldResponse),
		ResponseID:       p.str(fieldResponseID),
		ResponseLength:   p.uint32(fieldResponseLength),
		FinishReason:     p.str(fieldFinishReason),
		Error:            p.bool(fieldError),
		ErrorType:        p.str(fieldErrorType),
		ZeroResult:       p.bool(fieldZeroResult),
		ZeroResultReason: p.str(fieldZeroResultReason),
		QueryCategory:    p.str(fieldQueryCategory),
		UserSource:       p.str(fieldUserSource),
		FeatureVersion:   p.str(fieldFeatureVersion),
		UserSegment:      p.str(fieldUserSegment),
		Geography:        p.str(fieldGeography),
		AnomalyFlags:     p.strSlice(fieldAnomalyFlags),
	}
	ev.Temperature, ev.CostUSD = optionalFloats(&p, buf)
	ev.TraceID, ev.SpanID = hexIDs(traceID, spanID, buf)
	if ev.TenantID == "" {
		ev.TenantID = DefaultTenant
	}
	if ev.CostSource == "" {
		ev.CostSource = CostSourceUnknown
	}
	ev.sanitizeText()
	// otherAttributes repairs the attributes as it lists them (sanitizeText leaves them alone).
	var clamped Attribute
	if !ev.Timestamp.Equal(start) {
		clamped = Attribute{Key: KeyTimestampOriginal, Value: start.Format(time.RFC3339Nano)}
	}
	ev.OtherAttributes = p.otherAttributes(clamped, buf)
	return ev, true
}

func spanLatencyMs(span ptrace.Span) float64 {
	start, end := span.StartTimestamp(), span.EndTimestamp()
	if end <= start {
		return 0
	}
	return float64(end-start) / float64(time.Millisecond)
}

// optionalFloats reads temperature and cost, both nil when absent or not finite. One pair from
// buf holds both values instead of an allocation per pointer.
func optionalFloats(p *attrPass, buf *AttributeBuffer) (temperature, cost *float64) {
	t, hasT := p.finiteFloat(fieldTemperature)
	c, hasC := p.finiteFloat(fieldCostUSD)
	if !hasT && !hasC {
		return nil, nil
	}
	both := buf.floatPair()
	both[0], both[1] = t, c
	if hasT {
		temperature = &both[0]
	}
	if hasC {
		cost = &both[1]
	}
	return temperature, cost
}

// hexIDs renders the trace and span ids as lowercase hex ("" when empty), as their String
// methods do, but into one string from buf shared by both.
func hexIDs(traceID pcommon.TraceID, spanID pcommon.SpanID, buf *AttributeBuffer) (trace, span string) {
	var hexBuf [2*len(pcommon.TraceID{}) + 2*len(pcommon.SpanID{})]byte
	n := 0
	if !traceID.IsEmpty() {
		n += hex.Encode(hexBuf[n:], traceID[:])
	}
	traceEnd := n
	if !spanID.IsEmpty() {
		n += hex.Encode(hexBuf[n:], spanID[:])
	}
	if n == 0 {
		return "", ""
	}
	both := buf.text(hexBuf[:n])
	return both[:traceEnd], both[traceEnd:]
}
