package clickhouseanalyticsexporter

import (
	"slices"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/anomaly"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// The AIAROWS3 record: magic, the three row counts, then the events, alerts and feedback rows,
// each in the field order of its append/read pair below. TestRowCodecCoversEveryField fills
// every field of the three types by reflection, so a field added to a row type without a
// place here fails it.

// Presence and boolean bits of an event (one byte).
const (
	eventError byte = 1 << iota
	eventZeroResult
	eventHasTemperature
	eventHasCost
)

// Presence bits of a feedback row.
const (
	feedbackHasRating byte = 1 << iota
	feedbackHasScore
)

// Lower bounds of an encoded row's size, for the sanity check of counts.
const (
	// id, time, bits, 22 strings, 6 numbers, latency, fingerprint, 2 list lengths
	minEncodedEvent = 16 + 2 + 1 + 22 + 6 + 8 + 8 + 2
	// id, version, time, 3 strings, type, severity, metric, 2 floats, description, 3 times
	minEncodedAlert = 16 + 1 + 2 + 3 + 2 + 1 + 16 + 1 + 6
	// 10 strings, time, bits, metadata length
	minEncodedFeedback = 10 + 2 + 1 + 1
)

func appendRecord(w *rowWriter, rows *spanRows) {
	w.uvarint(uint64(len(rows.events)))
	w.uvarint(uint64(len(rows.alerts)))
	w.uvarint(uint64(len(rows.feedback)))
	for i := range rows.events {
		appendEvent(w, &rows.events[i])
	}
	for i := range rows.alerts {
		appendAlert(w, &rows.alerts[i])
	}
	for i := range rows.feedback {
		appendFeedback(w, &rows.feedback[i])
	}
}

func readRecord(r *rowReader) (events []genai.Event, alerts []anomaly.Alert, fbs []feedback.Feedback, err error) {
	// The three counts come first, so each is checked against the bytes after all three.
	nEvents, nAlerts, nFeedback := r.uvarint(), r.uvarint(), r.uvarint()
	left := uint64(len(r.data) - r.pos)
	if r.err == nil && (nEvents > left/minEncodedEvent || nAlerts > left/minEncodedAlert || nFeedback > left/minEncodedFeedback) {
		r.fail("has more rows than bytes")
	}
	if r.err != nil {
		return nil, nil, nil, r.err
	}
	if nEvents > 0 {
		events = make([]genai.Event, nEvents)
		for i := range events {
			readEvent(r, &events[i])
		}
	}
	if nAlerts > 0 {
		alerts = make([]anomaly.Alert, nAlerts)
		for i := range alerts {
			readAlert(r, &alerts[i])
		}
	}
	if nFeedback > 0 {
		fbs = make([]feedback.Feedback, nFeedback)
		for i := range fbs {
			readFeedback(r, &fbs[i])
		}
	}
	if err := r.done(); err != nil {
		return nil, nil, nil, err
	}
	return events, alerts, fbs, nil
}

func appendEvent(w *rowWriter, e *genai.Event) {
	w.id(e.EventID)
	w.time(e.Timestamp)
	var bits byte
	if e.Error {
		bits |= eventError
	}
	if e.ZeroResult {
		bits |= eventZeroResult
	}
	if e.Temperature != nil {
		bits |= eventHasTemperature
	}
	if e.CostUSD != nil {
		bits |= eventHasCost
	}
	w.byte(bits)
	for _, s := range [...]string{
		e.TenantID, e.UserID, e.SessionID, e.TraceID, e.SpanID, e.ServiceName, e.Operation, e.Provider,
		e.RequestModel, e.ResponseModel, e.CostSource, e.Query, e.Response, e.ResponseID, e.FinishReason,
		e.ErrorType, e.ZeroResultReason, e.QueryCategory, e.UserSource, e.FeatureVersion, e.UserSegment, e.Geography,
	} {
		w.str(s)
	}
	for _, n := range [...]uint32{e.InputTokens, e.OutputTokens, e.CacheReadTokens, e.CacheWriteTokens, e.ReasoningTokens, e.ResponseLength} {
		w.uvarint(uint64(n))
	}
	if e.Temperature != nil {
		w.float(*e.Temperature)
	}
	if e.CostUSD != nil {
		w.float(*e.CostUSD)
	}
	w.float(e.LatencyMs)
	w.fixed64(e.QueryFingerprint)
	w.strs(e.AnomalyFlags)
	w.uvarint(uint64(len(e.OtherAttributes)))
	for _, a := range e.OtherAttributes {
		w.str(a.Key)
		w.str(a.Value)
	}
}

func readEvent(r *rowReader, e *genai.Event) {
	e.EventID = r.id()
	e.Timestamp = r.time()
	bits := r.byte()
	e.Error, e.ZeroResult = bits&eventError != 0, bits&eventZeroResult != 0
	for _, s := range [...]*string{
		&e.TenantID, &e.UserID, &e.SessionID, &e.TraceID, &e.SpanID, &e.ServiceName, &e.Operation, &e.Provider,
		&e.RequestModel, &e.ResponseModel, &e.CostSource, &e.Query, &e.Response, &e.ResponseID, &e.FinishReason,
		&e.ErrorType, &e.ZeroResultReason, &e.QueryCategory, &e.UserSource, &e.FeatureVersion, &e.UserSegment, &e.Geography,
	} {
		*s = r.str()
	}
	for _, n := range [...]*uint32{&e.InputTokens, &e.OutputTokens, &e.CacheReadTokens, &e.CacheWriteTokens, &e.ReasoningTokens, &e.ResponseLength} {
		*n = r.uint32()
	}
	e.Temperature = r.optionalFloat(bits&eventHasTemperature != 0)
	e.CostUSD = r.optionalFloat(bits&eventHasCost != 0)
	e.LatencyMs = r.float()
	e.QueryFingerprint = r.fixed64()
	e.AnomalyFlags = r.strs()
	if n := r.count(2); n > 0 {
		attrs := make(genai.Attributes, n)
		for i := range attrs {
			attrs[i].Key, attrs[i].Value = r.str(), r.str()
		}
		e.OtherAttributes = attrs
	}
}

func appendAlert(w *rowWriter, a *anomaly.Alert) {
	w.id(a.ID)
	w.uvarint(a.Version)
	w.time(a.Timestamp)
	w.str(a.Tenant)
	w.str(a.Provider)
	w.str(a.Model)
	w.byte(byte(a.Type))
	w.byte(byte(a.Severity))
	w.str(a.Metric)
	w.float(a.Expected)
	w.float(a.Actual)
	w.str(a.Description)
	w.time(a.WindowStart)
	w.time(a.WindowEnd)
	w.time(a.ResolvedAt)
}

func readAlert(r *rowReader, a *anomaly.Alert) {
	a.ID = r.id()
	a.Version = r.uvarint()
	a.Timestamp = r.time()
	a.Tenant, a.Provider, a.Model = r.str(), r.str(), r.str()
	a.Type, a.Severity = anomaly.Type(r.byte()), anomaly.Severity(r.byte())
	a.Metric = r.str()
	a.Expected, a.Actual = r.float(), r.float()
	a.Description = r.str()
	a.WindowStart, a.WindowEnd, a.ResolvedAt = r.time(), r.time(), r.time()
}

func appendFeedback(w *rowWriter, f *feedback.Feedback) {
	for _, s := range [...]string{f.EventID, f.TenantID, f.UserID, f.SessionID, f.ResponseID, f.TraceID, f.SpanID, f.Type, f.Comment, f.Source} {
		w.str(s)
	}
	w.time(f.Timestamp)
	var bits byte
	if f.Rating != nil {
		bits |= feedbackHasRating
	}
	if f.Score != nil {
		bits |= feedbackHasScore
	}
	w.byte(bits)
	if f.Rating != nil {
		w.byte(*f.Rating)
	}
	if f.Score != nil {
		w.float(*f.Score)
	}
	// Sorted, so a retried record is byte-identical (map order is random).
	keys := make([]string, 0, len(f.Metadata))
	for k := range f.Metadata {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	w.uvarint(uint64(len(keys)))
	for _, k := range keys {
		w.str(k)
		w.str(f.Metadata[k])
	}
}

func readFeedback(r *rowReader, f *feedback.Feedback) {
	for _, s := range [...]*string{&f.EventID, &f.TenantID, &f.UserID, &f.SessionID, &f.ResponseID, &f.TraceID, &f.SpanID, &f.Type, &f.Comment, &f.Source} {
		*s = r.str()
	}
	f.Timestamp = r.time()
	bits := r.byte()
	if bits&feedbackHasRating != 0 {
		v := r.byte()
		f.Rating = &v
	}
	f.Score = r.optionalFloat(bits&feedbackHasScore != 0)
	if n := r.count(2); n > 0 {
		f.Metadata = make(map[string]string, n)
		for range n {
			k := r.str()
			f.Metadata[k] = r.str()
		}
	}
}
