package analyticsapiextension

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
)

// apiError is an answer other than 200: the status, the parameter at fault (if any) and why.
type apiError struct {
	Status    int    `json:"status"`
	Parameter string `json:"parameter,omitempty"`
	Message   string `json:"message"`
}

func (e *apiError) Error() string { return e.Message }

func badParam(name, format string, args ...any) *apiError {
	return &apiError{Status: http.StatusBadRequest, Parameter: name, Message: name + ": " + fmt.Sprintf(format, args...)}
}

// maxTextParam bounds free-text parameters (filters, ids).
const maxTextParam = 256

// scopeParams are accepted by every analytics endpoint.
var scopeParams = []string{"tenant", "from", "to", "model", "service", "feature_version", "user_segment", "geography"}

// query is a request's parameters, checked for unknown and repeated names up front.
type query struct{ values url.Values }

// parseQuery rejects parameters the endpoint does not know and parameters given twice.
func parseQuery(raw string, extra ...string) (query, *apiError) {
	values, err := url.ParseQuery(raw)
	if err != nil {
		return query{}, &apiError{Status: http.StatusBadRequest, Message: "malformed query string: " + err.Error()}
	}
	known := map[string]bool{}
	for _, k := range scopeParams {
		known[k] = true
	}
	for _, k := range extra {
		known[k] = true
	}
	for name, vs := range values {
		if !known[name] {
			return query{}, badParam(safeName(name), "unknown parameter (accepted: %s)", strings.Join(append(append([]string{}, scopeParams...), extra...), ", "))
		}
		if len(vs) > 1 {
			return query{}, badParam(name, "given %d times, expected once", len(vs))
		}
	}
	return query{values: values}, nil
}

// safeName keeps an unknown parameter's name printable and short in error messages.
func safeName(s string) string {
	if len(s) > 64 {
		s = s[:64]
	}
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			return '?'
		}
		return r
	}, s)
}

func (q query) get(name string) string { return q.values.Get(name) }

// text returns a free-text parameter: valid UTF-8, printable, at most maxTextParam bytes.
func (q query) text(name string) (string, *apiError) {
	v := q.get(name)
	if err := validText(v); err != nil {
		return "", badParam(name, "%v", err)
	}
	return v, nil
}

func validText(v string) error {
	if len(v) > maxTextParam {
		return fmt.Errorf("longer than %d bytes", maxTextParam)
	}
	if !utf8.ValidString(v) {
		return errors.New("not valid UTF-8")
	}
	for _, r := range v {
		if unicode.IsControl(r) {
			return errors.New("contains control characters")
		}
	}
	return nil
}

func validTenant(t string) error {
	if t == "" {
		return errors.New("must not be empty")
	}
	if len(t) > 128 {
		return errors.New("longer than 128 bytes")
	}
	return validText(t)
}

// scope reads tenant, range and dimension filters. boundTenant is the tenant of the caller's
// API key ("" when the API has no keys): naming another tenant is forbidden (403).
func (q query) scope(boundTenant string, maxRange time.Duration, now time.Time) (analytics.Filter, *apiError) {
	var f analytics.Filter
	tenant := q.get("tenant")
	switch {
	case boundTenant != "" && tenant != "" && tenant != boundTenant:
		return f, &apiError{Status: http.StatusForbidden, Parameter: "tenant", Message: "tenant: this API key cannot read another tenant"}
	case boundTenant != "":
		tenant = boundTenant
	default:
		if err := validTenant(tenant); err != nil {
			return f, badParam("tenant", "%v", err)
		}
	}
	f.Tenant = tenant
	var err *apiError
	f.To = now
	if q.get("to") != "" {
		if f.To, err = q.time("to"); err != nil {
			return f, err
		}
	}
	f.From = f.To.Add(-24 * time.Hour)
	if q.get("from") != "" {
		if f.From, err = q.time("from"); err != nil {
			return f, err
		}
	}
	if !f.From.Before(f.To) {
		return f, badParam("from", "must be before to (%s >= %s)", f.From.Format(time.RFC3339), f.To.Format(time.RFC3339))
	}
	if f.To.Sub(f.From) > maxRange {
		return f, badParam("from", "range %s is longer than the maximum %s", f.To.Sub(f.From), maxRange)
	}
	for name, dst := range map[string]*string{"model": &f.Model, "service": &f.Service,
		"feature_version": &f.FeatureVersion, "user_segment": &f.UserSegment, "geography": &f.Geography} {
		if *dst, err = q.text(name); err != nil {
			return f, err
		}
	}
	return f, nil
}

// minTime and maxTime bound accepted timestamps to what DateTime64(6) stores.
var (
	minTime = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC)
)

func (q query) time(name string) (time.Time, *apiError) {
	t, err := time.Parse(time.RFC3339Nano, q.get(name))
	if err != nil {
		return t, badParam(name, "%q is not an RFC 3339 time like 2026-11-20T00:00:00Z", truncate(q.get(name)))
	}
	t = t.UTC()
	if t.Before(minTime) || !t.Before(maxTime) {
		return t, badParam(name, "must be between 1970 and 2262")
	}
	return t.Truncate(time.Microsecond), nil
}

func (q query) integer(name string, def, minV, maxV int) (int, *apiError) {
	raw := q.get(name)
	if raw == "" {
		return def, nil
	}
	v, err := strconv.Atoi(raw)
	if err != nil || v < minV || v > maxV {
		return 0, badParam(name, "%q is not an integer between %d and %d", truncate(raw), minV, maxV)
	}
	return v, nil
}

func (q query) number(name string, def, minV, maxV float64) (float64, *apiError) {
	raw := q.get(name)
	if raw == "" {
		return def, nil
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsNaN(v) || v < minV || v > maxV {
		return 0, badParam(name, "%q is not a number between %g and %g", truncate(raw), minV, maxV)
	}
	return v, nil
}

// duration accepts a Go duration (90m, 24h) or whole seconds.
func (q query) duration(name string, def, minV, maxV time.Duration) (time.Duration, *apiError) {
	raw := q.get(name)
	if raw == "" {
		return def, nil
	}
	d, err := time.ParseDuration(raw)
	if err != nil {
		secs, serr := strconv.ParseInt(raw, 10, 64)
		if serr != nil || secs > int64(maxV/time.Second) || secs < 0 {
			return 0, badParam(name, "%q is not a duration like 30m or 24h, or whole seconds", truncate(raw))
		}
		d = time.Duration(secs) * time.Second
	}
	if d < minV || d > maxV {
		return 0, badParam(name, "must be between %s and %s", minV, maxV)
	}
	return d, nil
}

// list splits a comma-separated parameter; every item must be valid text and non-empty.
func (q query) list(name string, maxItems int) ([]string, *apiError) {
	raw := q.get(name)
	if raw == "" {
		return nil, nil
	}
	items := strings.Split(raw, ",")
	if len(items) > maxItems {
		return nil, badParam(name, "at most %d items, got %d", maxItems, len(items))
	}
	for i, it := range items {
		items[i] = strings.TrimSpace(it)
		if items[i] == "" {
			return nil, badParam(name, "item %d is empty", i+1)
		}
		if err := validText(items[i]); err != nil {
			return nil, badParam(name, "item %d: %v", i+1, err)
		}
	}
	return items, nil
}

// oneOf checks an enumerated parameter.
func (q query) oneOf(name, def string, allowed ...string) (string, *apiError) {
	v := q.get(name)
	if v == "" {
		return def, nil
	}
	for _, a := range allowed {
		if v == a {
			return v, nil
		}
	}
	return "", badParam(name, "%q is not one of %s", truncate(v), strings.Join(allowed, ", "))
}

func truncate(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}

func validStages(stages []string) error {
	if len(stages) == 0 || len(stages) > analytics.MaxFunnelStages {
		return fmt.Errorf("between 1 and %d stages required, got %d", analytics.MaxFunnelStages, len(stages))
	}
	seen := map[string]bool{}
	for _, s := range stages {
		if s == "" || validText(s) != nil {
			return fmt.Errorf("stage %q is not valid text", truncate(s))
		}
		if seen[s] {
			return fmt.Errorf("stage %q is listed twice", s)
		}
		seen[s] = true
	}
	return nil
}
