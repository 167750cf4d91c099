package feedback

import (
	"encoding/hex"
	"errors"
	"math"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// ToLogRecord writes f onto an empty log record (event.name aianalytics.feedback).
func (f *Feedback) ToLogRecord(lr plog.LogRecord, observed time.Time) {
	lr.SetEventName(genai.EventNameFeedback)
	lr.SetTimestamp(pcommon.NewTimestampFromTime(f.Timestamp))
	lr.SetObservedTimestamp(pcommon.NewTimestampFromTime(observed))
	if id, ok := parseTraceID(f.TraceID); ok {
		lr.SetTraceID(id)
	}
	if id, ok := parseSpanID(f.SpanID); ok {
		lr.SetSpanID(id)
	}
	a := lr.Attributes()
	a.EnsureCapacity(12)
	a.PutStr(genai.KeyEventName, genai.EventNameFeedback)
	a.PutStr(genai.KeyEventID, f.EventID)
	a.PutStr(genai.KeyTenantID, f.TenantID)
	putIfSet(a, genai.KeyUserID, f.UserID)
	putIfSet(a, genai.KeySessionID, f.SessionID)
	putIfSet(a, genai.KeyResponseID, f.ResponseID)
	a.PutStr(KeyType, f.Type)
	if f.Rating != nil {
		a.PutInt(KeyRating, int64(*f.Rating))
	}
	if f.Score != nil {
		a.PutDouble(KeyScore, *f.Score)
	}
	putIfSet(a, KeyComment, f.Comment)
	a.PutStr(KeySource, f.Source)
	putMap(a, KeyMetadata, f.Metadata)
}

// ToLogRecord writes e onto an empty log record (event.name aianalytics.funnel).
func (e *FunnelEvent) ToLogRecord(lr plog.LogRecord, observed time.Time) {
	lr.SetEventName(genai.EventNameFunnel)
	lr.SetTimestamp(pcommon.NewTimestampFromTime(e.Timestamp))
	lr.SetObservedTimestamp(pcommon.NewTimestampFromTime(observed))
	a := lr.Attributes()
	a.EnsureCapacity(8)
	a.PutStr(genai.KeyEventName, genai.EventNameFunnel)
	a.PutStr(genai.KeyEventID, e.EventID)
	a.PutStr(genai.KeyTenantID, e.TenantID)
	putIfSet(a, genai.KeyUserID, e.UserID)
	putIfSet(a, genai.KeySessionID, e.SessionID)
	a.PutStr(KeyStage, e.Stage)
	putMap(a, KeyDetails, e.Details)
}

// ErrNoType marks a feedback record without a type: not feedback the exporter can store.
var ErrNoType = errors.New("feedback record has no " + KeyType)

// ErrNoStage marks a funnel record without a stage.
var ErrNoStage = errors.New("funnel record has no " + KeyStage)

// FromLogRecord reads a feedback record written by ToLogRecord (or normalized by the
// processor). A record without an event id gets a content-derived one; without a tenant, the
// default tenant.
func FromLogRecord(lr plog.LogRecord) (Feedback, error) {
	a := lr.Attributes()
	f := Feedback{
		EventID:    genai.Str(a, genai.KeyEventID),
		Timestamp:  recordTime(lr),
		TenantID:   genai.Str(a, genai.KeyTenantID),
		UserID:     genai.Str(a, genai.KeyUserID),
		SessionID:  genai.Str(a, genai.KeySessionID),
		ResponseID: genai.Str(a, genai.KeyResponseID),
		Type:       genai.Str(a, KeyType),
		Comment:    genai.Str(a, KeyComment),
		Source:     genai.Str(a, KeySource),
		Metadata:   readMap(a, KeyMetadata),
	}
	if f.Type == "" {
		return Feedback{}, ErrNoType
	}
	if !lr.TraceID().IsEmpty() {
		f.TraceID = lr.TraceID().String()
	}
	if !lr.SpanID().IsEmpty() {
		f.SpanID = lr.SpanID().String()
	}
	if v, ok := a.Get(KeyRating); ok {
		if i, ok := genai.AsInt(v); ok && i >= 1 && i <= 5 {
			r := uint8(i)
			f.Rating = &r
		}
	}
	if v, ok := a.Get(KeyScore); ok {
		if s, ok := genai.AsFloat(v); ok && !math.IsNaN(s) && !math.IsInf(s, 0) {
			f.Score = &s
		}
	}
	if f.TenantID == "" {
		f.TenantID = genai.DefaultTenant
	}
	if f.Source == "" {
		f.Source = SourceExplicit
	}
	f.AssignID(lr.Timestamp() != 0)
	return f, nil
}

// FunnelFromLogRecord reads a funnel record written by ToLogRecord.
func FunnelFromLogRecord(lr plog.LogRecord) (FunnelEvent, error) {
	a := lr.Attributes()
	e := FunnelEvent{
		EventID:   genai.Str(a, genai.KeyEventID),
		Timestamp: recordTime(lr),
		TenantID:  genai.Str(a, genai.KeyTenantID),
		UserID:    genai.Str(a, genai.KeyUserID),
		SessionID: genai.Str(a, genai.KeySessionID),
		Stage:     genai.Str(a, KeyStage),
		Details:   readMap(a, KeyDetails),
	}
	if e.Stage == "" {
		return FunnelEvent{}, ErrNoStage
	}
	if e.TenantID == "" {
		e.TenantID = genai.DefaultTenant
	}
	e.AssignID(lr.Timestamp() != 0)
	return e, nil
}

func recordTime(lr plog.LogRecord) time.Time {
	ts := lr.Timestamp()
	if ts == 0 {
		ts = lr.ObservedTimestamp()
	}
	return ts.AsTime().UTC()
}

func putIfSet(a pcommon.Map, key, value string) {
	if value != "" {
		a.PutStr(key, value)
	}
}

func putMap(a pcommon.Map, key string, m map[string]string) {
	if len(m) == 0 {
		return
	}
	dst := a.PutEmptyMap(key)
	dst.EnsureCapacity(len(m))
	for _, k := range sortedKeys(m) {
		dst.PutStr(k, m[k])
	}
}

// readMap reads a map attribute as flat strings (nested values are rendered as JSON).
func readMap(a pcommon.Map, key string) map[string]string {
	v, ok := a.Get(key)
	if !ok || v.Type() != pcommon.ValueTypeMap || v.Map().Len() == 0 {
		return map[string]string{}
	}
	out := make(map[string]string, v.Map().Len())
	v.Map().Range(func(k string, v pcommon.Value) bool {
		out[k] = v.AsString()
		return true
	})
	return out
}

func parseTraceID(s string) (pcommon.TraceID, bool) {
	var id pcommon.TraceID
	if len(s) != 2*len(id) {
		return id, false
	}
	if _, err := hex.Decode(id[:], []byte(s)); err != nil {
		return pcommon.TraceID{}, false
	}
	return id, !id.IsEmpty()
}

func parseSpanID(s string) (pcommon.SpanID, bool) {
	var id pcommon.SpanID
	if len(s) != 2*len(id) {
		return id, false
	}
	if _, err := hex.Decode(id[:], []byte(s)); err != nil {
		return pcommon.SpanID{}, false
	}
	return id, !id.IsEmpty()
}
