package clickhouseanalyticsexporter

import (
	"unsafe"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// shareWithPrevious points ev's short strings at the previous row's equal ones. Each string of
// a decoded span is an allocation of its own; consecutive spans mostly carry the same
// attribute keys, tenant, model, provider..., and a shared string lets the span's copy go with
// the span instead of staying alive, per row, for as long as the row is queued. Comparing with
// the previous row only (not a lookup table) keeps this to a few equality checks per row.
func shareWithPrevious(ev, prev *genai.Event) {
	// One call per field, not a table of pointers: a table made ev escape, and each converted
	// span cost a heap copy of its ~0.5 KB event.
	share(&ev.TenantID, prev.TenantID)
	share(&ev.UserID, prev.UserID)
	share(&ev.SessionID, prev.SessionID)
	share(&ev.Operation, prev.Operation)
	share(&ev.Provider, prev.Provider)
	share(&ev.RequestModel, prev.RequestModel)
	share(&ev.ResponseModel, prev.ResponseModel)
	share(&ev.CostSource, prev.CostSource)
	share(&ev.ErrorType, prev.ErrorType)
	share(&ev.ZeroResultReason, prev.ZeroResultReason)
	share(&ev.QueryCategory, prev.QueryCategory)
	share(&ev.UserSource, prev.UserSource)
	share(&ev.FeatureVersion, prev.FeatureVersion)
	share(&ev.UserSegment, prev.UserSegment)
	share(&ev.Geography, prev.Geography)
	// Attributes are sorted by key: with the same keys, equal entries sit at the same index.
	attrs, prevAttrs := ev.OtherAttributes, prev.OtherAttributes
	for i := range min(len(attrs), len(prevAttrs)) {
		share(&attrs[i].Key, prevAttrs[i].Key)
		share(&attrs[i].Value, prevAttrs[i].Value)
	}
}

// share points *dst at src when they are equal. One that already does (a key of a run of
// spans, see genai's keptOrder) is not written again: the write costs a GC write barrier
// while the collector marks.
func share(dst *string, src string) {
	if unsafe.StringData(*dst) != unsafe.StringData(src) && *dst == src {
		*dst = src
	}
}
