package aifeedbackreceiver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/receiver/aifeedbackreceiver/internal/metadata"
)

// maxListedErrors bounds a 400 answer: a huge array of bad items must not make a huger answer.
const maxListedErrors = 100

// errorBody is every non-2xx answer: a summary and, for 400, one entry per bad field.
type errorBody struct {
	Error  string                `json:"error"`
	Errors []feedback.FieldError `json:"errors,omitempty"`
}

// acceptedBody is the 202 answer: the stored ids, in request order, for client-side idempotency.
type acceptedBody struct {
	Accepted int      `json:"accepted"`
	EventIDs []string `json:"event_ids"`
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func writeError(w http.ResponseWriter, status int, msg string, fields ...feedback.FieldError) {
	writeJSON(w, status, errorBody{Error: msg, Errors: fields})
}

// writeMiddlewareError answers failures of confighttp's own layers (auth, decompression) as
// JSON too.
func writeMiddlewareError(w http.ResponseWriter, _ *http.Request, msg string, status int) {
	writeError(w, status, msg)
}

// reject answers a request refused before the pipeline and counts it by endpoint and status
// (bad input is never logged per request).
func (r *feedbackReceiver) reject(w http.ResponseWriter, req *http.Request, status int, msg string, fields ...feedback.FieldError) {
	r.rejected.Add(req.Context(), 1, metric.WithAttributes(
		attribute.String("endpoint", req.URL.Path), attribute.Int("status", status)))
	writeError(w, status, msg, fields...)
}

// request is what both endpoints share before decoding: method, content type, size, API key.
type request struct {
	body   []byte
	tenant string // fixed by the API key, or "" when no key is configured
}

// readRequest checks the request and reads its body. ok is false when it already answered.
func (r *feedbackReceiver) readRequest(w http.ResponseWriter, req *http.Request) (request, bool) {
	if req.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		r.reject(w, req, http.StatusMethodNotAllowed, "method "+req.Method+" not allowed: use POST")
		return request{}, false
	}
	tenant := ""
	if len(r.cfg.APIKeys) > 0 {
		t, ok := r.cfg.APIKeys[req.Header.Get(APIKeyHeader)]
		if !ok {
			r.reject(w, req, http.StatusUnauthorized, "missing or unknown API key in header "+APIKeyHeader)
			return request{}, false
		}
		tenant = t
	}
	if !isJSON(req.Header.Get("Content-Type")) {
		r.reject(w, req, http.StatusUnsupportedMediaType,
			fmt.Sprintf("content type %q is not supported: send application/json", truncate(req.Header.Get("Content-Type"), 100)))
		return request{}, false
	}
	limit := r.cfg.MaxRequestBodySize
	if req.ContentLength > limit {
		r.reject(w, req, http.StatusRequestEntityTooLarge, tooLarge(limit))
		return request{}, false
	}
	body, err := io.ReadAll(io.LimitReader(req.Body, limit+1))
	var maxErr *http.MaxBytesError
	switch {
	case errors.As(err, &maxErr) || int64(len(body)) > limit:
		r.reject(w, req, http.StatusRequestEntityTooLarge, tooLarge(limit))
		return request{}, false
	case err != nil:
		r.reject(w, req, http.StatusBadRequest, "reading body: "+err.Error())
		return request{}, false
	}
	return request{body: body, tenant: tenant}, true
}

func tooLarge(limit int64) string {
	return fmt.Sprintf("request body larger than max_request_body_size (%d bytes): split it into smaller arrays", limit)
}

// isJSON accepts application/json and any application/*+json, with parameters.
func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
}

// checkInput answers 400/403 for a decoded batch; ok is false when it did.
func (r *feedbackReceiver) checkInput(w http.ResponseWriter, req *http.Request, decodeErr error, keyTenant string, tenants []string, fieldErrs []feedback.FieldError, array bool) bool {
	var tooMany errTooManyItems
	switch {
	case errors.As(decodeErr, &tooMany):
		r.reject(w, req, http.StatusRequestEntityTooLarge, decodeErr.Error())
		return false
	case decodeErr != nil:
		r.reject(w, req, http.StatusBadRequest, decodeErr.Error())
		return false
	}
	if i, bad := tenantMismatch(keyTenant, tenants); bad {
		r.reject(w, req, http.StatusForbidden, fmt.Sprintf("tenant_id %q is not the tenant of this API key", truncate(tenants[i], 64)),
			feedback.FieldError{Field: prefixFor(i, array) + "tenant_id", Message: "not allowed for this API key"})
		return false
	}
	if len(fieldErrs) > 0 {
		msg := fmt.Sprintf("%d invalid field(s): nothing was accepted", len(fieldErrs))
		if len(fieldErrs) > maxListedErrors {
			msg += fmt.Sprintf(" (the first %d are listed)", maxListedErrors)
			fieldErrs = fieldErrs[:maxListedErrors]
		}
		r.reject(w, req, http.StatusBadRequest, msg, fieldErrs...)
		return false
	}
	return true
}

func (r *feedbackReceiver) handleFeedback(w http.ResponseWriter, req *http.Request) {
	in, ok := r.readRequest(w, req)
	if !ok {
		return
	}
	items, fieldErrs, err := r.decoder.feedbackBatch(in.body)
	tenants := make([]string, len(items))
	for i := range items {
		tenants[i] = items[i].value.TenantID
	}
	if !r.checkInput(w, req, err, in.tenant, tenants, fieldErrs, isArray(in.body)) {
		return
	}
	now := time.Now().UTC()
	records := resolveFeedback(items, r.tenantFor(in), now)
	ld, ids := plog.NewLogs(), make([]string, len(records))
	lrs := r.newScope(ld)
	for i := range records {
		records[i].ToLogRecord(lrs.AppendEmpty(), now)
		ids[i] = records[i].EventID
	}
	r.consume(w, req, ld, ids)
}

func (r *feedbackReceiver) handleFunnel(w http.ResponseWriter, req *http.Request) {
	in, ok := r.readRequest(w, req)
	if !ok {
		return
	}
	items, fieldErrs, err := r.decoder.funnelBatch(in.body)
	tenants := make([]string, len(items))
	for i := range items {
		tenants[i] = items[i].value.TenantID
	}
	if !r.checkInput(w, req, err, in.tenant, tenants, fieldErrs, isArray(in.body)) {
		return
	}
	now := time.Now().UTC()
	events := resolveFunnel(items, r.tenantFor(in), now)
	ld, ids := plog.NewLogs(), make([]string, len(events))
	lrs := r.newScope(ld)
	for i := range events {
		events[i].ToLogRecord(lrs.AppendEmpty(), now)
		ids[i] = events[i].EventID
	}
	r.consume(w, req, ld, ids)
}

func (r *feedbackReceiver) tenantFor(in request) string {
	if in.tenant != "" {
		return in.tenant
	}
	return r.cfg.DefaultTenant
}

func (r *feedbackReceiver) newScope(ld plog.Logs) plog.LogRecordSlice {
	sl := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty()
	sl.Scope().SetName(metadata.ScopeName)
	return sl.LogRecords()
}

// consume hands the records to the pipeline: 202 only when it accepted them, 503 with
// Retry-After when it refused (memory limiter, full queue, any error).
func (r *feedbackReceiver) consume(w http.ResponseWriter, req *http.Request, ld plog.Logs, ids []string) {
	ctx := r.obsrep.StartLogsOp(req.Context())
	err := r.next.ConsumeLogs(ctx, ld)
	r.obsrep.EndLogsOp(ctx, "json", len(ids), err)
	if err != nil {
		w.Header().Set("Retry-After", strconv.Itoa(int(r.cfg.RetryAfter/time.Second)))
		writeError(w, http.StatusServiceUnavailable, "the pipeline refused the data, retry later: "+err.Error())
		return
	}
	writeJSON(w, http.StatusAccepted, acceptedBody{Accepted: len(ids), EventIDs: ids})
}

func isArray(body []byte) bool {
	for _, c := range body {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '[':
			return true
		default:
			return false
		}
	}
	return false
}
