package feedback

import (
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"
)

// FieldError names one bad field of one item; Field is a JSON-style path such as
// "[2].rating" or "user_id".
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e FieldError) Error() string { return e.Field + ": " + e.Message }

// Rules are the configurable parts of validation.
type Rules struct {
	types  map[string]bool
	stages map[string]bool
}

// NewRules accepts the built-in types plus customTypes, and the given funnel stages.
func NewRules(customTypes, stages []string) Rules {
	r := Rules{types: map[string]bool{}, stages: map[string]bool{}}
	for _, t := range BuiltinTypes {
		r.types[t] = true
	}
	for _, t := range customTypes {
		r.types[t] = true
	}
	for _, s := range stages {
		r.stages[s] = true
	}
	return r
}

// TypeAllowed reports whether typ is a built-in or configured feedback type.
func (r Rules) TypeAllowed(typ string) bool { return r.types[typ] }

// StageAllowed reports whether stage is one of the configured funnel stages.
func (r Rules) StageAllowed(stage string) bool { return r.stages[stage] }

// ValidateName checks a configured type or stage name: short snake_case.
func ValidateName(s string) error {
	if s == "" || len(s) > MaxTypeLength {
		return fmt.Errorf("%q must be 1-%d characters", s, MaxTypeLength)
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' && c != '.' && c != '-' {
			return fmt.Errorf("%q may only hold a-z, 0-9, '_', '.', '-'", s)
		}
	}
	return nil
}

// Validate checks a decoded feedback item; prefix is prepended to field names.
func (r Rules) Validate(f *Feedback, prefix string) []FieldError {
	var errs []FieldError
	add := func(field, msg string) { errs = append(errs, FieldError{Field: prefix + field, Message: msg}) }
	if f.UserID == "" {
		add("user_id", "required")
	}
	checkIDs(add, map[string]string{"event_id": f.EventID, "tenant_id": f.TenantID, "user_id": f.UserID,
		"session_id": f.SessionID, "response_id": f.ResponseID})
	switch {
	case f.Type == "":
		add("type", "required")
	case !r.types[f.Type]:
		add("type", fmt.Sprintf("%q is not a known feedback type (%s)", f.Type, strings.Join(r.typeList(), ", ")))
	}
	if f.Type == TypeRating && f.Rating == nil {
		add("rating", "required for type rating (an integer 1-5)")
	}
	if f.Rating != nil && (*f.Rating < 1 || *f.Rating > 5) {
		add("rating", fmt.Sprintf("must be an integer 1-5, got %d", *f.Rating))
	}
	if f.ResponseID == "" && (f.TraceID == "" || f.SpanID == "") {
		add("response_id", "required (or trace_id and span_id) to link the feedback to a response")
	}
	if f.TraceID != "" && !isHexID(f.TraceID, 16) {
		add("trace_id", "must be 32 hex characters, not all zero")
	}
	if f.SpanID != "" && !isHexID(f.SpanID, 8) {
		add("span_id", "must be 16 hex characters, not all zero")
	}
	if n := utf8.RuneCountInString(f.Comment); n > MaxCommentLength {
		add("comment", fmt.Sprintf("too long: %d characters, at most %d", n, MaxCommentLength))
	}
	errs = append(errs, checkMap(prefix+"metadata", f.Metadata)...)
	return errs
}

// ValidateFunnel checks a decoded funnel event; prefix is prepended to field names.
func (r Rules) ValidateFunnel(e *FunnelEvent, prefix string, stageOrder []string) []FieldError {
	var errs []FieldError
	add := func(field, msg string) { errs = append(errs, FieldError{Field: prefix + field, Message: msg}) }
	if e.UserID == "" {
		add("user_id", "required")
	}
	checkIDs(add, map[string]string{"event_id": e.EventID, "tenant_id": e.TenantID, "user_id": e.UserID,
		"session_id": e.SessionID})
	switch {
	case e.Stage == "":
		add("stage", "required")
	case !r.stages[e.Stage]:
		add("stage", fmt.Sprintf("%q is not a funnel stage (%s)", e.Stage, strings.Join(stageOrder, ", ")))
	}
	errs = append(errs, checkMap(prefix+"details", e.Details)...)
	return errs
}

func checkIDs(add func(field, msg string), ids map[string]string) {
	for _, field := range []string{"event_id", "tenant_id", "user_id", "session_id", "response_id"} {
		v, ok := ids[field]
		if !ok {
			continue
		}
		if len(v) > MaxIDLength {
			add(field, fmt.Sprintf("too long: %d bytes, at most %d", len(v), MaxIDLength))
		} else if !utf8.ValidString(v) {
			add(field, "must be valid UTF-8")
		}
	}
}

func checkMap(field string, m map[string]string) []FieldError {
	var errs []FieldError
	if len(m) > MaxMetadataKeys {
		errs = append(errs, FieldError{Field: field, Message: fmt.Sprintf("too many entries: %d, at most %d", len(m), MaxMetadataKeys)})
		return errs
	}
	for _, k := range sortedKeys(m) {
		switch {
		case k == "" || len(k) > MaxMetadataKeyLen:
			errs = append(errs, FieldError{Field: field, Message: fmt.Sprintf("key %q must be 1-%d bytes", truncate(k, 32), MaxMetadataKeyLen)})
		case len(m[k]) > MaxMetadataValLen:
			errs = append(errs, FieldError{Field: field + "." + k, Message: fmt.Sprintf("value too long: %d bytes, at most %d", len(m[k]), MaxMetadataValLen)})
		}
	}
	return errs
}

func (r Rules) typeList() []string {
	out := make([]string, 0, len(r.types))
	for t := range r.types {
		out = append(out, t)
	}
	return sortStrings(out)
}

// isHexID reports whether s is the lowercase or uppercase hex of n bytes, not all zero
// (an all-zero id is the OTLP "unset" value).
func isHexID(s string, n int) bool {
	if len(s) != 2*n {
		return false
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return false
	}
	for _, c := range b {
		if c != 0 {
			return true
		}
	}
	return false
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
