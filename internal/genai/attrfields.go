package genai

import "strings"

// fieldSlot is a key fieldOf matches exactly and the field it is read into; fieldTable holds
// them by fieldHash.
type fieldSlot struct {
	key string
	f   field
}

// fieldKeys are the keys fieldOf matches exactly.
var fieldKeys = [...]fieldSlot{
	{KeyEventID, fieldEventID}, {KeyLatencyMs, fieldLatencyMs}, {KeyTenantID, fieldTenantID},
	{KeyUserID, fieldUserID}, {KeySessionID, fieldSessionID}, {KeyOperationName, fieldOperation},
	{KeyProviderName, fieldProvider}, {KeyRequestModel, fieldRequestModel},
	{KeyResponseModel, fieldResponseModel}, {KeyRequestTemperature, fieldTemperature},
	{KeyInputTokens, fieldInputTokens}, {KeyOutputTokens, fieldOutputTokens},
	{KeyCacheReadTokens, fieldCacheReadTokens}, {KeyCacheWriteTokens, fieldCacheWriteTokens},
	{KeyReasoningTokens, fieldReasoningTokens}, {KeyCostUSD, fieldCostUSD},
	{KeyCostSource, fieldCostSource}, {KeyQuery, fieldQuery},
	{KeyQueryFingerprint, fieldQueryFingerprint}, {KeyResponse, fieldResponse},
	{KeyResponseID, fieldResponseID}, {KeyResponseLength, fieldResponseLength},
	{KeyFinishReason, fieldFinishReason}, {KeyError, fieldError}, {KeyErrorType, fieldErrorType},
	{KeyZeroResult, fieldZeroResult}, {KeyZeroResultReason, fieldZeroResultReason},
	{KeyQueryCategory, fieldQueryCategory}, {KeyUserSource, fieldUserSource},
	{KeyFeatureVersion, fieldFeatureVersion}, {KeyUserSegment, fieldUserSegment},
	{KeyGeography, fieldGeography}, {KeyAnomalyFlags, fieldAnomalyFlags},
	{KeyFinishReasons, fieldMappedOnly}, {KeyInputMessages, fieldMappedOnly},
	{KeyOutputMessages, fieldMappedOnly}, {KeySystemInstructions, fieldMappedOnly},
	{KeyConversationID, fieldMappedOnly},
}

// fieldTableBits sizes fieldTable: 128 slots for the ~40 keys.
const fieldTableBits = 7

// fieldTable holds fieldKeys by fieldHash, at most two keys a slot (TestFieldTable).
var fieldTable = newFieldTable()

func newFieldTable() (t [1 << fieldTableBits][2]fieldSlot) {
	for _, e := range fieldKeys {
		slot := &t[fieldHash(e.key)]
		i := 0
		if slot[0].key != "" {
			i = 1 // a third key in a slot would overwrite the second: TestFieldTable fails then
		}
		slot[i] = e
	}
	return t
}

// fieldHash mixes the length, the last byte and the byte at 14 (or the last): the fewest
// bytes that tell every key of fieldKeys apart (most share an aianalytics. or gen_ai.
// prefix, several a suffix). k must not be empty.
func fieldHash(k string) uint32 {
	n := len(k)
	x := uint32(n)<<16 | uint32(k[n-1])<<8 | uint32(k[min(14, n-1)])
	return (x * 0x9E3779B1) >> (32 - fieldTableBits)
}

// fieldOf classifies an attribute key. A hash of three bytes, then one or two comparisons: a
// switch on the strings was a binary search of ~6 comparisons of keys that mostly share a
// prefix (~8 ns a key, ~10 % of converting a span).
func fieldOf(key string) field {
	if key == "" {
		return fieldOther
	}
	slot := &fieldTable[fieldHash(key)]
	if slot[0].key == key {
		return slot[0].f
	}
	if slot[1].key == key {
		return slot[1].f
	}
	if isContentKey(key) || strings.HasPrefix(key, KeyFollowUpPrefix) {
		// Message content of other dialects: already captured in query/response, and too
		// large to repeat in the attributes map. A follow-up: stored as a genai_feedback row.
		return fieldMappedOnly
	}
	return fieldOther
}

// contentPrefixes are message-content attributes of other dialects, by first byte: most keys
// are then ruled out by one comparison instead of nine prefix checks.
var contentPrefixes = [256][]string{
	'g': {"gen_ai.prompt", "gen_ai.completion"},
	'l': {"llm.input_messages", "llm.output_messages"},
	'i': {"input.value"},
	'o': {"output.value"},
	'a': {"ai.prompt", "ai.response.text", "ai.response.object"},
}

func isContentKey(k string) bool {
	if k == "" {
		return false
	}
	for _, p := range contentPrefixes[k[0]] {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}
