package anomaly

import (
	"crypto/sha256"
	"encoding/binary"
	"time"

	"github.com/google/uuid"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// An alert travels from the processor to the exporter as one span named SpanName whose
// attributes carry the alert (KeyAlertID marks it): tracing backends see alerts next to the
// calls, and the clickhouseanalytics exporter writes such spans to genai_anomalies.
const (
	SpanName       = "aianalytics.anomaly"
	ServiceName    = "otelcol-aianalytics"
	KeyAlertID     = "aianalytics.anomaly.alert_id"
	KeyVersion     = "aianalytics.anomaly.version"
	KeyType        = "aianalytics.anomaly.type"
	KeySeverity    = "aianalytics.anomaly.severity"
	KeyMetric      = "aianalytics.anomaly.metric"
	KeyExpected    = "aianalytics.anomaly.expected"
	KeyActual      = "aianalytics.anomaly.actual"
	KeyDescription = "aianalytics.anomaly.description"
	KeyProvider    = "aianalytics.anomaly.provider"
	KeyModel       = "aianalytics.anomaly.model"
	KeyDetectedAt  = "aianalytics.anomaly.detected_at"
	KeyWindowStart = "aianalytics.anomaly.window_start"
	KeyWindowEnd   = "aianalytics.anomaly.window_end"
	KeyResolvedAt  = "aianalytics.anomaly.resolved_at"
)

// IsAlertSpan reports whether a span carries an alert.
func IsAlertSpan(span ptrace.Span) bool {
	_, ok := span.Attributes().Get(KeyAlertID)
	return ok
}

// AlertsToTraces renders alerts as one resource (service.name otelcol-aianalytics) with one
// span per alert. Provider and model use aianalytics.anomaly.* keys, not gen_ai.*, so no
// processor mistakes an alert for a GenAI call.
func AlertsToTraces(alerts []Alert, scope string) ptrace.Traces {
	td := ptrace.NewTraces()
	rs := td.ResourceSpans().AppendEmpty()
	rs.Resource().Attributes().PutStr(genai.KeyServiceName, ServiceName)
	ss := rs.ScopeSpans().AppendEmpty()
	ss.Scope().SetName(scope)
	for i := range alerts {
		a := &alerts[i]
		span := ss.Spans().AppendEmpty()
		span.SetName(SpanName)
		span.SetKind(ptrace.SpanKindInternal)
		var traceID pcommon.TraceID
		copy(traceID[:], a.ID[:]) // all versions of an alert share one trace
		span.SetTraceID(traceID)
		span.SetSpanID(spanIDFor(a.ID, a.Version))
		span.SetStartTimestamp(pcommon.NewTimestampFromTime(a.WindowStart))
		end := a.WindowEnd
		if a.Resolved() {
			end = a.ResolvedAt
		}
		span.SetEndTimestamp(pcommon.NewTimestampFromTime(end))
		attrs := span.Attributes()
		attrs.PutStr(KeyAlertID, a.ID.String())
		attrs.PutInt(KeyVersion, int64(a.Version)) //nolint:gosec // versions are small
		attrs.PutStr(KeyType, a.Type.String())
		attrs.PutStr(KeySeverity, a.Severity.String())
		attrs.PutStr(KeyMetric, a.Metric)
		attrs.PutDouble(KeyExpected, a.Expected)
		attrs.PutDouble(KeyActual, a.Actual)
		attrs.PutStr(KeyDescription, a.Description)
		attrs.PutStr(genai.KeyTenantID, a.Tenant)
		attrs.PutStr(KeyProvider, a.Provider)
		attrs.PutStr(KeyModel, a.Model)
		attrs.PutStr(KeyDetectedAt, a.Timestamp.UTC().Format(time.RFC3339Nano))
		attrs.PutStr(KeyWindowStart, a.WindowStart.UTC().Format(time.RFC3339Nano))
		attrs.PutStr(KeyWindowEnd, a.WindowEnd.UTC().Format(time.RFC3339Nano))
		if a.Resolved() {
			attrs.PutStr(KeyResolvedAt, a.ResolvedAt.UTC().Format(time.RFC3339Nano))
		}
	}
	return td
}

func spanIDFor(id uuid.UUID, version uint64) pcommon.SpanID {
	var buf [24]byte
	copy(buf[:16], id[:])
	binary.BigEndian.PutUint64(buf[16:], version)
	sum := sha256.Sum256(buf[:])
	var sid pcommon.SpanID
	copy(sid[:], sum[:8])
	return sid
}

// AlertFromSpan reads an alert back (exporter side). ok is false when the span is no alert;
// err is set when it claims to be one but a field is unreadable.
func AlertFromSpan(span ptrace.Span) (a Alert, ok bool, err error) {
	if !IsAlertSpan(span) {
		return Alert{}, false, nil
	}
	a, err = alertFromAttributes(span.Attributes())
	return a, true, err
}

// alertFromAttributes is AlertFromSpan's reading, kept apart because it moves its Alert to the
// heap (the time fields are written through pointers): in AlertFromSpan itself that cost an
// allocation for every span, alert or not.
func alertFromAttributes(attrs pcommon.Map) (a Alert, err error) {
	if a.ID, err = uuid.Parse(genai.Str(attrs, KeyAlertID)); err != nil {
		return Alert{}, errorf("alert id: %w", err)
	}
	a.Version = uint64(max(genai.Int(attrs, KeyVersion), 0))
	a.Type = typeFromString(genai.Str(attrs, KeyType))
	if a.Type == numTypes {
		return Alert{}, errorf("unknown anomaly type %q", genai.Str(attrs, KeyType))
	}
	a.Severity = severityFromString(genai.Str(attrs, KeySeverity))
	a.Metric = genai.Str(attrs, KeyMetric)
	a.Expected = floatAttr(attrs, KeyExpected)
	a.Actual = floatAttr(attrs, KeyActual)
	a.Description = genai.Str(attrs, KeyDescription)
	a.Tenant = genai.Str(attrs, genai.KeyTenantID)
	if a.Tenant == "" {
		a.Tenant = genai.DefaultTenant
	}
	a.Provider = genai.Str(attrs, KeyProvider)
	a.Model = genai.Str(attrs, KeyModel)
	for _, f := range []struct {
		key      string
		dst      *time.Time
		optional bool
	}{
		{KeyDetectedAt, &a.Timestamp, false}, {KeyWindowStart, &a.WindowStart, false},
		{KeyWindowEnd, &a.WindowEnd, false}, {KeyResolvedAt, &a.ResolvedAt, true},
	} {
		s := genai.Str(attrs, f.key)
		if s == "" && f.optional {
			continue
		}
		t, perr := time.Parse(time.RFC3339Nano, s)
		if perr != nil {
			return Alert{}, errorf("%s: %w", f.key, perr)
		}
		*f.dst = t.UTC()
	}
	return a, nil
}

func floatAttr(attrs pcommon.Map, key string) float64 {
	if v, ok := attrs.Get(key); ok {
		if f, ok := genai.AsFloat(v); ok {
			return f
		}
	}
	return 0
}

func typeFromString(s string) Type {
	for t, name := range typeNames {
		if name == s {
			return Type(t)
		}
	}
	return numTypes
}

// ParseType returns the Type named s.
func ParseType(s string) (Type, bool) {
	t := typeFromString(s)
	return t, t != numTypes
}

func severityFromString(s string) Severity {
	switch s {
	case "high":
		return SeverityHigh
	case "medium":
		return SeverityMedium
	default:
		return SeverityLow
	}
}
