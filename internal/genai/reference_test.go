package genai

import (
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// The implementation EventFromAttributes had before it read the attributes in one pass (one
// Map.Get per field). Kept as the reference the one-pass reader must match on every input.

// refMappedKeys are the keys the reference keeps out of the attributes map.
var refMappedKeys = map[string]struct{}{
	KeyOperationName: {}, KeyProviderName: {}, KeyRequestModel: {}, KeyResponseModel: {},
	KeyResponseID: {}, KeyRequestTemperature: {}, KeyInputTokens: {}, KeyOutputTokens: {},
	KeyCacheReadTokens: {}, KeyCacheWriteTokens: {}, KeyReasoningTokens: {}, KeyFinishReasons: {},
	KeyInputMessages: {}, KeyOutputMessages: {}, KeySystemInstructions: {}, KeyErrorType: {},
	KeyEventID: {}, KeyTenantID: {}, KeyUserID: {}, KeySessionID: {}, KeyQuery: {},
	KeyQueryFingerprint: {}, KeyQueryCategory: {}, KeyResponse: {}, KeyResponseLength: {},
	KeyCostUSD: {}, KeyCostSource: {}, KeyLatencyMs: {}, KeyFinishReason: {}, KeyError: {},
	KeyZeroResult: {}, KeyZeroResultReason: {}, KeyUserSource: {}, KeyFeatureVersion: {},
	KeyUserSegment: {}, KeyGeography: {}, KeyAnomalyFlags: {}, KeyConversationID: {},
}

func refEventFromAttributes(attrs pcommon.Map, resource pcommon.Resource, traceID pcommon.TraceID,
	spanID pcommon.SpanID, start time.Time, latency float64,
) (ev Event, ok bool) {
	idVal, found := attrs.Get(KeyEventID)
	if !found {
		return Event{}, false
	}
	id, err := uuid.Parse(idVal.Str())
	if err != nil || id == uuid.Nil {
		id = EventIDFor(traceID, spanID)
	}
	if v, ok := attrs.Get(KeyLatencyMs); ok {
		if f, ok := AsFloat(v); ok && f >= 0 && !math.IsInf(f, 0) {
			latency = f
		}
	}
	ev = Event{
		EventID:          id,
		Timestamp:        storableTime(start),
		TenantID:         Str(attrs, KeyTenantID),
		UserID:           Str(attrs, KeyUserID),
		SessionID:        Str(attrs, KeySessionID),
		ServiceName:      Str(resource.Attributes(), KeyServiceName),
		Operation:        Str(attrs, KeyOperationName),
		Provider:         Str(attrs, KeyProviderName),
		RequestModel:     Str(attrs, KeyRequestModel),
		ResponseModel:    Str(attrs, KeyResponseModel),
		Temperature:      refFloatPtr(attrs, KeyRequestTemperature),
		InputTokens:      Uint32(attrs, KeyInputTokens),
		OutputTokens:     Uint32(attrs, KeyOutputTokens),
		CacheReadTokens:  Uint32(attrs, KeyCacheReadTokens),
		CacheWriteTokens: Uint32(attrs, KeyCacheWriteTokens),
		ReasoningTokens:  Uint32(attrs, KeyReasoningTokens),
		CostUSD:          refFloatPtr(attrs, KeyCostUSD),
		CostSource:       Str(attrs, KeyCostSource),
		LatencyMs:        latency,
		Query:            Str(attrs, KeyQuery),
		QueryFingerprint: uint64(Int(attrs, KeyQueryFingerprint)),
		Response:         Str(attrs, KeyResponse),
		ResponseID:       Str(attrs, KeyResponseID),
		ResponseLength:   Uint32(attrs, KeyResponseLength),
		FinishReason:     Str(attrs, KeyFinishReason),
		Error:            Bool(attrs, KeyError),
		ErrorType:        Str(attrs, KeyErrorType),
		ZeroResult:       Bool(attrs, KeyZeroResult),
		ZeroResultReason: Str(attrs, KeyZeroResultReason),
		QueryCategory:    Str(attrs, KeyQueryCategory),
		UserSource:       Str(attrs, KeyUserSource),
		FeatureVersion:   Str(attrs, KeyFeatureVersion),
		UserSegment:      Str(attrs, KeyUserSegment),
		Geography:        Str(attrs, KeyGeography),
		AnomalyFlags:     StrSlice(attrs, KeyAnomalyFlags),
	}
	if !traceID.IsEmpty() {
		ev.TraceID = traceID.String()
	}
	if !spanID.IsEmpty() {
		ev.SpanID = spanID.String()
	}
	if ev.TenantID == "" {
		ev.TenantID = DefaultTenant
	}
	if ev.CostSource == "" {
		ev.CostSource = CostSourceUnknown
	}
	other := refOtherAttributes(attrs)
	if !ev.Timestamp.Equal(start) {
		other[KeyTimestampOriginal] = start.Format(time.RFC3339Nano)
	}
	ev.sanitizeText()
	ev.OtherAttributes = refSorted(refRepaired(other))
	return ev, true
}

// refRepaired makes the map's keys and values valid UTF-8 in place, as sanitizeText did when
// the attributes were a map.
func refRepaired(m map[string]string) map[string]string {
	for k, v := range m {
		if vk, vv := validUTF8(k), validUTF8(v); vk != k || vv != v {
			delete(m, k)
			m[vk] = vv
		}
	}
	return m
}

// refSorted lists the map by key (nil when empty), as Attributes hold it.
func refSorted(m map[string]string) Attributes {
	var out Attributes
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, Attribute{Key: k, Value: m[k]})
	}
	return out
}

func refOtherAttributes(attrs pcommon.Map) map[string]string {
	out := map[string]string{}
	attrs.Range(func(k string, v pcommon.Value) bool {
		if _, mapped := refMappedKeys[k]; !mapped && !isContentKey(k) && !strings.HasPrefix(k, KeyFollowUpPrefix) {
			out[k] = v.AsString()
		}
		return true
	})
	return out
}

func refFloatPtr(attrs pcommon.Map, key string) *float64 {
	v, ok := attrs.Get(key)
	if !ok {
		return nil
	}
	f, ok := AsFloat(v)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return &f
}
