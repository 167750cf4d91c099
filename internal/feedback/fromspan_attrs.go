package feedback

import (
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// followUpKey names an attribute a follow-up row is read from.
type followUpKey uint8

const (
	followUpEventID followUpKey = iota
	followUpTenantID
	followUpUserID
	followUpSessionID
	followUpResponseID
	followUpTraceID
	followUpSpanID
	followUpTime
	followUpGapMs
	numFollowUpKeys

	notFollowUpKey
)

// followUpKeyOf classifies an attribute key (a switch: a length-then-value search).
func followUpKeyOf(k string) followUpKey {
	switch k {
	case genai.KeyEventID:
		return followUpEventID
	case genai.KeyTenantID:
		return followUpTenantID
	case genai.KeyUserID:
		return followUpUserID
	case genai.KeySessionID:
		return followUpSessionID
	case KeyFollowUpResponseID:
		return followUpResponseID
	case KeyFollowUpTraceID:
		return followUpTraceID
	case KeyFollowUpSpanID:
		return followUpSpanID
	case KeyFollowUpTime:
		return followUpTime
	case KeyFollowUpGapMs:
		return followUpGapMs
	}
	return notFollowUpKey
}

// followUpAttrs holds what one pass over a span's attributes found of the follow-up keys; a
// lookup per key was a pass per key over the ~45 attributes of an enriched span.
type followUpAttrs struct {
	vals [numFollowUpKeys]pcommon.Value
	has  [numFollowUpKeys]bool
}

// read fills a from attrs. Like Map.Get, the first of duplicate keys wins.
func (a *followUpAttrs) read(attrs pcommon.Map) {
	for k, v := range attrs.All() {
		if f := followUpKeyOf(k); f < numFollowUpKeys && !a.has[f] {
			a.vals[f], a.has[f] = v, true
		}
	}
}

// str is the attribute as genai.Str reads it ("" when absent, other types rendered).
func (a *followUpAttrs) str(k followUpKey) string {
	if !a.has[k] {
		return ""
	}
	return genai.StrOf(a.vals[k])
}
