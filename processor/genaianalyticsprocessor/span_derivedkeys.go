package genaianalyticsprocessor

import (
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// derivedKeys are the keys enrichment writes on most calls, hashed once for the key filter
// instead of on every write.
var derivedKeys = struct {
	dialect, eventID, finishReason, isError, errorType, latency    hashedKey
	category, zeroResult, zeroReason, fingerprint, query, response hashedKey
	responseLength, truncated, costUSD, costSource                 hashedKey
}{
	dialect:        newHashedKey(genai.KeyDialect),
	eventID:        newHashedKey(genai.KeyEventID),
	finishReason:   newHashedKey(genai.KeyFinishReason),
	isError:        newHashedKey(genai.KeyError),
	errorType:      newHashedKey(genai.KeyErrorType),
	latency:        newHashedKey(genai.KeyLatencyMs),
	category:       newHashedKey(genai.KeyQueryCategory),
	zeroResult:     newHashedKey(genai.KeyZeroResult),
	zeroReason:     newHashedKey(genai.KeyZeroResultReason),
	fingerprint:    newHashedKey(genai.KeyQueryFingerprint),
	query:          newHashedKey(genai.KeyQuery),
	response:       newHashedKey(genai.KeyResponse),
	responseLength: newHashedKey(genai.KeyResponseLength),
	truncated:      newHashedKey(genai.KeyTruncated),
	costUSD:        newHashedKey(genai.KeyCostUSD),
	costSource:     newHashedKey(genai.KeyCostSource),
}

// putStrOf is PutStr for a hashed key.
func (a *spanAttrs) putStrOf(k hashedKey, v string) {
	a.keys.addHash(k.hash)
	a.m.PutStr(k.name, v)
}

func (a *spanAttrs) putIntOf(k hashedKey, v int64) {
	a.keys.addHash(k.hash)
	a.m.PutInt(k.name, v)
}

func (a *spanAttrs) putDoubleOf(k hashedKey, v float64) {
	a.keys.addHash(k.hash)
	a.m.PutDouble(k.name, v)
}

func (a *spanAttrs) putBoolOf(k hashedKey, v bool) {
	a.keys.addHash(k.hash)
	a.m.PutBool(k.name, v)
}

// removeOf is Remove for a hashed key.
func (a *spanAttrs) removeOf(k hashedKey) {
	if a.keys.mayHaveHash(k.hash) {
		a.m.Remove(k.name)
	}
}
