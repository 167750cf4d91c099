package genaianalyticsprocessor

import (
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// hashedKey is a fixed key with its keyHash, computed once instead of on each of the many
// probes per span (most of them for keys the span does not have, which the filter answers).
type hashedKey struct {
	name string
	hash uint64
}

func newHashedKey(k string) hashedKey { return hashedKey{k, keyHash(k)} }

type hashedKeys []hashedKey

func newHashedKeys(keys []string) hashedKeys {
	h := make(hashedKeys, len(keys))
	for i, k := range keys {
		h[i] = newHashedKey(k)
	}
	return h
}

// lookup is Get for a hashed key.
func (a *spanAttrs) lookup(k hashedKey) (pcommon.Value, bool) {
	if !a.keys.mayHaveHash(k.hash) {
		return pcommon.Value{}, false
	}
	return a.m.Get(k.name)
}

// has reports whether the span holds k.
func (a *spanAttrs) has(k hashedKey) bool {
	_, ok := a.lookup(k)
	return ok
}

// strOf is str for a hashed key.
func (a *spanAttrs) strOf(k hashedKey) string {
	if !a.keys.mayHaveHash(k.hash) {
		return ""
	}
	return genai.Str(a.m, k.name)
}

// intOf is int for a hashed key.
func (a *spanAttrs) intOf(k hashedKey) int64 {
	if !a.keys.mayHaveHash(k.hash) {
		return 0
	}
	return genai.Int(a.m, k.name)
}

// holdsAny reports whether the span holds one of keys. The filter's probe is inlined: the
// keys are mostly absent (attrRoom.normalizes probes some thirty on every call).
func (a *spanAttrs) holdsAny(keys hashedKeys) bool {
	for i := range keys {
		if a.keys.mayHaveHash(keys[i].hash) {
			if _, ok := a.m.Get(keys[i].name); ok {
				return true
			}
		}
	}
	return false
}
