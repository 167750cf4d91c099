package genaianalyticsprocessor

import (
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// followUpField indexes the attributes follow-up detection reads.
type followUpField int

const (
	fieldEventID followUpField = iota
	fieldOperation
	fieldTenant
	fieldUser
	fieldSession
	fieldResponseID
	followUpFieldCount
)

// followUpFields holds those attributes of a span, found in one pass over its attributes
// instead of one linear Map.Get per key (seven per span, on spans of 20–30 attributes).
type followUpFields struct {
	values    [followUpFieldCount]pcommon.Value
	found     [followUpFieldCount]bool
	analytics bool // has an event id (genai.IsAnalyticsSpan)
}

func readFollowUpFields(a pcommon.Map) followUpFields {
	var f followUpFields
	found := 0
	a.Range(func(k string, v pcommon.Value) bool {
		field, ok := followUpFieldOf(k)
		if ok && !f.found[field] { // Map.Get returns the first of duplicate keys
			f.values[field], f.found[field] = v, true
			found++
		}
		// Done once all are found: on enriched spans the last comes ~2/3 of the way.
		return found < int(followUpFieldCount)
	})
	f.analytics = f.found[fieldEventID]
	return f
}

func followUpFieldOf(k string) (followUpField, bool) {
	switch k {
	case genai.KeyEventID:
		return fieldEventID, true
	case genai.KeyOperationName:
		return fieldOperation, true
	case genai.KeyTenantID:
		return fieldTenant, true
	case genai.KeyUserID:
		return fieldUser, true
	case genai.KeySessionID:
		return fieldSession, true
	case genai.KeyResponseID:
		return fieldResponseID, true
	}
	return 0, false
}

// str is genai.Str of the field: "" when absent, a string as is, any other value rendered.
func (f *followUpFields) str(field followUpField) string {
	if !f.found[field] {
		return ""
	}
	return genai.StrOf(f.values[field])
}
