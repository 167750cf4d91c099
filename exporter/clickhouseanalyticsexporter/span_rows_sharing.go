package clickhouseanalyticsexporter

import "github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"

// shareWithPrevious points ev's short strings at the previous row's equal ones. Each string of
// a decoded span is an allocation of its own; consecutive spans mostly carry the same
// attribute keys, tenant, model, provider..., and a shared string lets the span's copy go with
// the span instead of staying alive, per row, for as long as the row is queued. Comparing with
// the previous row only (not a lookup table) keeps this to a few equality checks per row.
func shareWithPrevious(ev, prev *genai.Event) {
	for _, p := range [...]struct {
		dst *string
		src string
	}{
		{&ev.TenantID, prev.TenantID}, {&ev.UserID, prev.UserID}, {&ev.SessionID, prev.SessionID},
		{&ev.Operation, prev.Operation}, {&ev.Provider, prev.Provider},
		{&ev.RequestModel, prev.RequestModel}, {&ev.ResponseModel, prev.ResponseModel},
		{&ev.CostSource, prev.CostSource}, {&ev.ErrorType, prev.ErrorType},
		{&ev.ZeroResultReason, prev.ZeroResultReason}, {&ev.QueryCategory, prev.QueryCategory},
		{&ev.UserSource, prev.UserSource}, {&ev.FeatureVersion, prev.FeatureVersion},
		{&ev.UserSegment, prev.UserSegment}, {&ev.Geography, prev.Geography},
	} {
		if *p.dst == p.src {
			*p.dst = p.src
		}
	}
	// Attributes are sorted by key: with the same keys, equal entries sit at the same index.
	attrs, prevAttrs := ev.OtherAttributes, prev.OtherAttributes
	for i := range min(len(attrs), len(prevAttrs)) {
		if attrs[i].Key == prevAttrs[i].Key {
			attrs[i].Key = prevAttrs[i].Key
		}
		if attrs[i].Value == prevAttrs[i].Value {
			attrs[i].Value = prevAttrs[i].Value
		}
	}
}
