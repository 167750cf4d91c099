package aifeedbackreceiver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
)

// Accepted timestamp range: DateTime64 columns and UnixNano both hold it.
var (
	minTime = time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// errBody is a body that is not JSON, or not an object / array of objects.
type errBody struct{ msg string }

func (e errBody) Error() string { return e.msg }

// splitItems returns the objects of a body holding one JSON object or an array of them, and
// whether it was an array (field paths then carry the index).
func splitItems(body []byte) ([]json.RawMessage, bool, error) {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 {
		return nil, false, errBody{"empty body: send a JSON object or an array of objects"}
	}
	if !json.Valid(trimmed) {
		var v any
		err := json.Unmarshal(trimmed, &v)
		return nil, false, errBody{"malformed JSON: " + describeJSONError(err)}
	}
	switch trimmed[0] {
	case '{':
		return []json.RawMessage{json.RawMessage(trimmed)}, false, nil
	case '[':
		var items []json.RawMessage
		if err := json.Unmarshal(trimmed, &items); err != nil {
			return nil, true, errBody{"malformed JSON: " + describeJSONError(err)}
		}
		if len(items) == 0 {
			return nil, true, errBody{"empty array: send at least one object"}
		}
		return items, true, nil
	default:
		return nil, false, errBody{"body must be a JSON object or an array of objects"}
	}
}

func describeJSONError(err error) string {
	if err == nil {
		return "invalid JSON"
	}
	if se, ok := err.(*json.SyntaxError); ok {
		return fmt.Sprintf("%s (at byte %d)", se.Error(), se.Offset)
	}
	return err.Error()
}

// itemDecoder reads the fields of one object, collecting one error per bad field.
type itemDecoder struct {
	prefix        string
	rejectUnknown bool
	errs          []feedback.FieldError
	notObject     bool // the item itself is not an object: nothing else to check
}

func (d *itemDecoder) fail(field, msg string) {
	d.errs = append(d.errs, feedback.FieldError{Field: d.prefix + field, Message: msg})
}

// fields splits one object into its raw fields.
func (d *itemDecoder) fields(raw json.RawMessage) (map[string]json.RawMessage, bool) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		field := strings.TrimSuffix(d.prefix, ".")
		if field == "" {
			field = "body"
		}
		d.errs = append(d.errs, feedback.FieldError{Field: field, Message: "must be a JSON object"})
		d.notObject = true
		return nil, false
	}
	return m, true
}

func (d *itemDecoder) unknown(name string) {
	if d.rejectUnknown {
		d.fail(name, "unknown field")
	}
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// str reads a string; numbers are accepted for ids (apps often have numeric user ids).
func (d *itemDecoder) str(name string, raw json.RawMessage, allowNumber bool) string {
	if isNull(raw) {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return strings.TrimSpace(s)
	}
	if allowNumber {
		var n json.Number
		if err := json.Unmarshal(raw, &n); err == nil {
			return n.String()
		}
		d.fail(name, "must be a string or a number")
		return ""
	}
	d.fail(name, "must be a string")
	return ""
}

// timestamp reads RFC 3339 text or unix milliseconds. ok is false when absent.
func (d *itemDecoder) timestamp(name string, raw json.RawMessage) (time.Time, bool) {
	if isNull(raw) {
		return time.Time{}, false
	}
	var t time.Time
	var s string
	var n json.Number
	switch {
	case json.Unmarshal(raw, &s) == nil:
		parsed, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
		if err != nil {
			d.fail(name, fmt.Sprintf("%q is not an RFC 3339 time (2006-01-02T15:04:05Z) or unix milliseconds", truncate(s, 40)))
			return time.Time{}, false
		}
		t = parsed.UTC()
	case json.Unmarshal(raw, &n) == nil:
		ms, err := strconv.ParseInt(n.String(), 10, 64)
		if err != nil {
			d.fail(name, "unix milliseconds must be an integer")
			return time.Time{}, false
		}
		if ms < minTime.UnixMilli() || ms >= maxTime.UnixMilli() {
			d.fail(name, fmt.Sprintf("unix milliseconds %d out of range (1970-01-02 to 2200)", ms))
			return time.Time{}, false
		}
		t = time.UnixMilli(ms).UTC()
	default:
		d.fail(name, "must be an RFC 3339 string or unix milliseconds")
		return time.Time{}, false
	}
	if t.Before(minTime) || !t.Before(maxTime) {
		d.fail(name, "out of range (1970-01-02 to 2200)")
		return time.Time{}, false
	}
	return t, true
}

// rating reads an integer 1-5.
func (d *itemDecoder) rating(name string, raw json.RawMessage) *uint8 {
	if isNull(raw) {
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		d.fail(name, "must be an integer 1-5")
		return nil
	}
	f, err := strconv.ParseFloat(n.String(), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		d.fail(name, "must be an integer 1-5")
		return nil
	}
	if f != math.Trunc(f) || f < 1 || f > 5 {
		d.fail(name, "must be an integer 1-5, got "+truncate(n.String(), 24))
		return nil
	}
	r := uint8(f)
	return &r
}

// flatMap reads an object of strings, numbers and booleans (nulls are dropped).
func (d *itemDecoder) flatMap(name string, raw json.RawMessage) map[string]string {
	out := map[string]string{}
	if isNull(raw) {
		return out
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		d.fail(name, "must be a flat JSON object")
		return out
	}
	for k, v := range m {
		v = bytes.TrimSpace(v)
		switch {
		case isNull(v):
		case len(v) > 0 && v[0] == '"':
			var s string
			_ = json.Unmarshal(v, &s) // valid: checked with the whole body
			out[k] = s
		case string(v) == "true" || string(v) == "false":
			out[k] = string(v)
		case len(v) > 0 && (v[0] == '-' || (v[0] >= '0' && v[0] <= '9')):
			out[k] = string(v)
		default:
			d.fail(name+"."+truncate(k, 64), "must be a string, number or boolean (flat map)")
		}
	}
	return out
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// decodeFeedback reads one feedback object. clientTime says whether it carried a timestamp.
func (d *itemDecoder) decodeFeedback(raw json.RawMessage) (f feedback.Feedback, clientTime bool) {
	m, ok := d.fields(raw)
	if !ok {
		return f, false
	}
	f.Source = feedback.SourceExplicit
	for name, v := range m {
		switch name {
		case "event_id":
			f.EventID = d.str(name, v, true)
		case "timestamp":
			f.Timestamp, clientTime = d.timestamp(name, v)
		case "tenant_id":
			f.TenantID = d.str(name, v, false)
		case "user_id":
			f.UserID = d.str(name, v, true)
		case "session_id":
			f.SessionID = d.str(name, v, true)
		case "response_id":
			f.ResponseID = d.str(name, v, false)
		case "trace_id":
			f.TraceID = strings.ToLower(d.str(name, v, false))
		case "span_id":
			f.SpanID = strings.ToLower(d.str(name, v, false))
		case "type":
			f.Type = d.str(name, v, false)
		case "rating":
			f.Rating = d.rating(name, v)
		case "comment":
			f.Comment = d.str(name, v, false)
		case "metadata":
			f.Metadata = d.flatMap(name, v)
		default:
			d.unknown(name)
		}
	}
	return f, clientTime
}

// decodeFunnel reads one funnel object.
func (d *itemDecoder) decodeFunnel(raw json.RawMessage) (e feedback.FunnelEvent, clientTime bool) {
	m, ok := d.fields(raw)
	if !ok {
		return e, false
	}
	for name, v := range m {
		switch name {
		case "event_id":
			e.EventID = d.str(name, v, true)
		case "timestamp":
			e.Timestamp, clientTime = d.timestamp(name, v)
		case "tenant_id":
			e.TenantID = d.str(name, v, false)
		case "user_id":
			e.UserID = d.str(name, v, true)
		case "session_id":
			e.SessionID = d.str(name, v, true)
		case "stage":
			e.Stage = d.str(name, v, false)
		case "details":
			e.Details = d.flatMap(name, v)
		default:
			d.unknown(name)
		}
	}
	return e, clientTime
}
