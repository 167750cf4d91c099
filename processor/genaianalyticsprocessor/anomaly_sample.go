package genaianalyticsprocessor

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/anomaly"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// sampleField indexes the attributes the anomaly stage reads.
type sampleField int

const (
	sampleEventID sampleField = iota
	sampleRequestModel
	sampleResponseModel
	sampleTenant
	sampleProvider
	sampleError
	sampleInputTokens
	sampleOutputTokens
	sampleZeroResult
	sampleUser
	sampleLatency
	sampleCost
	sampleFieldCount
)

// sampleFields holds those attributes of a span, found in one pass over its attributes
// instead of one linear Map.Get per key (twelve per span, on spans of 20–30 attributes).
type sampleFields struct {
	values [sampleFieldCount]pcommon.Value
	found  [sampleFieldCount]bool
}

// readSampleFields fills a local value and returns it: writes of the values' pointers
// through a *sampleFields would each take a GC write barrier while a cycle runs.
func readSampleFields(attrs pcommon.Map) sampleFields {
	var f sampleFields
	found := 0
	attrs.Range(func(k string, v pcommon.Value) bool {
		field, ok := sampleFieldOf(k)
		if ok && !f.found[field] { // Map.Get returns the first of duplicate keys
			f.values[field], f.found[field] = v, true
			found++
		}
		return found < int(sampleFieldCount) // the rest cannot change the fields
	})
	return f
}

func sampleFieldOf(k string) (sampleField, bool) {
	switch k {
	case genai.KeyEventID:
		return sampleEventID, true
	case genai.KeyRequestModel:
		return sampleRequestModel, true
	case genai.KeyResponseModel:
		return sampleResponseModel, true
	case genai.KeyTenantID:
		return sampleTenant, true
	case genai.KeyProviderName:
		return sampleProvider, true
	case genai.KeyError:
		return sampleError, true
	case genai.KeyInputTokens:
		return sampleInputTokens, true
	case genai.KeyOutputTokens:
		return sampleOutputTokens, true
	case genai.KeyZeroResult:
		return sampleZeroResult, true
	case genai.KeyUserID:
		return sampleUser, true
	case genai.KeyLatencyMs:
		return sampleLatency, true
	case genai.KeyCostUSD:
		return sampleCost, true
	}
	return 0, false
}

// analytics reports whether the span is an analytics span (genai.IsAnalyticsSpan).
func (f *sampleFields) analytics() bool { return f.found[sampleEventID] }

// str is genai.Str of the field.
func (f *sampleFields) str(field sampleField) string {
	if !f.found[field] {
		return ""
	}
	return genai.StrOf(f.values[field])
}

// count is genai.Uint32 of the field.
func (f *sampleFields) count(field sampleField) uint32 {
	if !f.found[field] {
		return 0
	}
	n, _ := genai.AsInt(f.values[field])
	return genai.ClampUint32(n)
}

// bool is genai.Bool of the field.
func (f *sampleFields) bool(field sampleField) bool {
	return f.found[field] && genai.BoolOf(f.values[field])
}

// sampleFromSpan reads the fields the enrichment derived.
func sampleFromSpan(span ptrace.Span, f *sampleFields) anomaly.Sample {
	model := f.str(sampleRequestModel)
	if model == "" {
		model = f.str(sampleResponseModel)
	}
	smp := anomaly.Sample{
		Time:       span.StartTimestamp().AsTime(),
		Tenant:     f.str(sampleTenant),
		Provider:   f.str(sampleProvider),
		Model:      model,
		Error:      f.bool(sampleError),
		LatencyMs:  -1,
		Tokens:     float64(f.count(sampleInputTokens)) + float64(f.count(sampleOutputTokens)),
		ZeroResult: f.bool(sampleZeroResult),
		User:       f.str(sampleUser),
	}
	if smp.Tenant == "" {
		smp.Tenant = genai.DefaultTenant
	}
	if f.found[sampleLatency] {
		if ms, ok := genai.AsFloat(f.values[sampleLatency]); ok && ms >= 0 {
			smp.LatencyMs = ms
		}
	} else if end, start := span.EndTimestamp(), span.StartTimestamp(); end > start {
		smp.LatencyMs = float64(end-start) / 1e6
	}
	if f.found[sampleCost] {
		if usd, ok := genai.AsFloat(f.values[sampleCost]); ok && usd > 0 {
			smp.CostUSD = usd
		}
	}
	return smp
}
