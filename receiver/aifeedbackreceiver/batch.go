package aifeedbackreceiver

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
)

// decoder holds what decoding needs from the configuration.
type decoder struct {
	rejectUnknown bool
	rules         feedback.Rules
	stages        []string
	maxItems      int
}

// errTooManyItems is a request with more objects than max_items.
type errTooManyItems struct{ n, max int }

func (e errTooManyItems) Error() string {
	return fmt.Sprintf("%d items in one request, more than max_items (%d): split the array", e.n, e.max)
}

func newDecoder(cfg *Config) decoder {
	return decoder{
		rejectUnknown: cfg.UnknownFields == unknownFieldsReject,
		rules:         feedback.NewRules(cfg.CustomTypes, cfg.FunnelStages),
		stages:        cfg.FunnelStages,
		maxItems:      cfg.MaxItems,
	}
}

// item is one decoded object; clientTime says whether it carried its own timestamp.
type item[T any] struct {
	value      T
	clientTime bool
}

func prefixFor(i int, array bool) string {
	if !array {
		return ""
	}
	return fmt.Sprintf("[%d].", i)
}

// feedbackBatch decodes and validates a /v1/feedback body. A non-nil error means the body is
// not JSON of the right shape; field errors list every bad field of every item.
func (d decoder) feedbackBatch(body []byte) ([]item[feedback.Feedback], []feedback.FieldError, error) {
	raws, array, err := d.split(body)
	if err != nil {
		return nil, nil, err
	}
	items := make([]item[feedback.Feedback], 0, len(raws))
	var errs []feedback.FieldError
	for i, raw := range raws {
		id := itemDecoder{prefix: prefixFor(i, array), rejectUnknown: d.rejectUnknown}
		f, clientTime := id.decodeFeedback(raw)
		if !id.notObject {
			id.errs = mergeErrors(id.errs, d.rules.Validate(&f, id.prefix))
		}
		errs = append(errs, id.errs...)
		items = append(items, item[feedback.Feedback]{f, clientTime})
	}
	return items, sortErrors(errs), nil
}

// funnelBatch decodes and validates a /v1/funnel body.
func (d decoder) funnelBatch(body []byte) ([]item[feedback.FunnelEvent], []feedback.FieldError, error) {
	raws, array, err := d.split(body)
	if err != nil {
		return nil, nil, err
	}
	items := make([]item[feedback.FunnelEvent], 0, len(raws))
	var errs []feedback.FieldError
	for i, raw := range raws {
		id := itemDecoder{prefix: prefixFor(i, array), rejectUnknown: d.rejectUnknown}
		e, clientTime := id.decodeFunnel(raw)
		if !id.notObject {
			id.errs = mergeErrors(id.errs, d.rules.ValidateFunnel(&e, id.prefix, d.stages))
		}
		errs = append(errs, id.errs...)
		items = append(items, item[feedback.FunnelEvent]{e, clientTime})
	}
	return items, sortErrors(errs), nil
}

func (d decoder) split(body []byte) ([]json.RawMessage, bool, error) {
	raws, array, err := splitItems(body)
	if err == nil && len(raws) > d.maxItems {
		return nil, array, errTooManyItems{len(raws), d.maxItems}
	}
	return raws, array, err
}

// mergeErrors keeps the decoder's error for a field and drops validation errors for the same
// field (a rating of 7 is "must be 1-5", not also "required").
func mergeErrors(decodeErrs, validateErrs []feedback.FieldError) []feedback.FieldError {
	seen := make(map[string]bool, len(decodeErrs))
	for _, e := range decodeErrs {
		seen[e.Field] = true
	}
	out := decodeErrs
	for _, e := range validateErrs {
		if !seen[e.Field] {
			out = append(out, e)
		}
	}
	return out
}

func sortErrors(errs []feedback.FieldError) []feedback.FieldError {
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Field < errs[j].Field })
	return errs
}

// tenantMismatch returns the first item whose tenant differs from the API key's tenant.
func tenantMismatch(keyTenant string, tenants []string) (int, bool) {
	if keyTenant == "" {
		return 0, false
	}
	for i, t := range tenants {
		if t != "" && t != keyTenant {
			return i, true
		}
	}
	return 0, false
}

// resolveTenant fills in the tenant (API key's, else default) and time, then assigns ids.
func resolveFeedback(items []item[feedback.Feedback], tenant string, now time.Time) []feedback.Feedback {
	out := make([]feedback.Feedback, len(items))
	for i, it := range items {
		f := it.value
		if f.TenantID == "" {
			f.TenantID = tenant
		}
		if !it.clientTime {
			f.Timestamp = now
		}
		f.Score = feedback.DefaultScore(f.Type, f.Rating)
		f.AssignID(it.clientTime)
		out[i] = f
	}
	return out
}

func resolveFunnel(items []item[feedback.FunnelEvent], tenant string, now time.Time) []feedback.FunnelEvent {
	out := make([]feedback.FunnelEvent, len(items))
	for i, it := range items {
		e := it.value
		if e.TenantID == "" {
			e.TenantID = tenant
		}
		if !it.clientTime {
			e.Timestamp = now
		}
		e.AssignID(it.clientTime)
		out[i] = e
	}
	return out
}
