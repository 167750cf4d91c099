package genaianalyticsprocessor

import (
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/swar"
)

// spanAttrs is the attribute map of the call being enriched plus a Bloom filter of its keys.
// Enrichment looks up many keys a span does not have (the other dialects' keys, every content
// key), and pcommon.Map.Get answers each with a linear scan; the filter answers most of them
// at once. Every write during enrichment goes through spanAttrs, so the filter never misses a
// key (it may only say "maybe" for an absent one, which costs a scan).
type spanAttrs struct {
	m    pcommon.Map
	keys keyFilter
	// mayRepeat: the filter may have seen a key of m before m listed it again, so m may hold
	// a key twice (unmarshaled data can). Writes through spanAttrs never add a second one.
	mayRepeat bool
}

// indexAttrs builds the key filter of m in one pass.
func indexAttrs(m pcommon.Map) spanAttrs {
	a := spanAttrs{m: m}
	m.Range(func(k string, _ pcommon.Value) bool {
		h := keyHash(k)
		a.mayRepeat = a.mayRepeat || a.keys.mayHaveHash(h)
		a.keys.addHash(h)
		return true
	})
	return a
}

func (a *spanAttrs) Get(k string) (pcommon.Value, bool) {
	if !a.keys.mayHave(k) {
		return pcommon.Value{}, false
	}
	return a.m.Get(k)
}

// str is genai.Str through the filter.
func (a *spanAttrs) str(k string) string {
	if !a.keys.mayHave(k) {
		return ""
	}
	return genai.Str(a.m, k)
}

// int is genai.Int through the filter.
func (a *spanAttrs) int(k string) int64 {
	if !a.keys.mayHave(k) {
		return 0
	}
	return genai.Int(a.m, k)
}

func (a *spanAttrs) PutStr(k, v string) {
	a.keys.add(k)
	a.m.PutStr(k, v)
}

func (a *spanAttrs) PutInt(k string, v int64) {
	a.keys.add(k)
	a.m.PutInt(k, v)
}

func (a *spanAttrs) PutDouble(k string, v float64) {
	a.keys.add(k)
	a.m.PutDouble(k, v)
}

func (a *spanAttrs) PutBool(k string, v bool) {
	a.keys.add(k)
	a.m.PutBool(k, v)
}

func (a *spanAttrs) PutEmpty(k string) pcommon.Value {
	a.keys.add(k)
	return a.m.PutEmpty(k)
}

func (a *spanAttrs) PutEmptySlice(k string) pcommon.Slice {
	a.keys.add(k)
	return a.m.PutEmptySlice(k)
}

// Remove leaves the key in the filter: a stale "maybe" only costs a scan.
func (a *spanAttrs) Remove(k string) {
	if a.keys.mayHave(k) {
		a.m.Remove(k)
	}
}

// keyFilter is a 512-bit Bloom filter with two probes per key: with the 20–50 keys of a GenAI
// span, at most about one absent key in thirty still needs the scan (one in six with 256
// bits and a hash of the last 8 bytes only, on the load generator's spans).
type keyFilter [8]uint64

// keyHash mixes the length and the last 16 bytes of the key: keys share long prefixes
// (gen_ai.usage.…, llm.token_count.…) and differ at the end, though not always in the last 8
// bytes (gen_ai.usage.cache_read.input_tokens, gen_ai.usage.cache_read_input_tokens).
func keyHash(k string) uint64 {
	n := len(k)
	var x uint64
	if n >= 16 {
		x = swar.Load8(k, n-8) ^ swar.Load8(k, n-16)*0xc2b2ae3d27d4eb4f
	} else if n >= 8 {
		x = swar.Load8(k, n-8)
	} else {
		for i := 0; i < n; i++ {
			x = x<<8 | uint64(k[i])
		}
	}
	x ^= uint64(n) * 0x9E3779B97F4A7C15
	x *= 0xff51afd7ed558ccd
	return x ^ x>>29
}

func (f *keyFilter) add(k string) { f.addHash(keyHash(k)) }

func (f *keyFilter) mayHave(k string) bool { return f.mayHaveHash(keyHash(k)) }

// addHash and mayHaveHash take keyHash(k), for callers that test and add the same key.
func (f *keyFilter) addHash(h uint64) {
	f[h>>61] |= 1 << (h >> 55 & 63)
	f[h>>52&7] |= 1 << (h >> 46 & 63)
}

func (f *keyFilter) mayHaveHash(h uint64) bool {
	return f[h>>61]&(1<<(h>>55&63)) != 0 && f[h>>52&7]&(1<<(h>>46&63)) != 0
}
