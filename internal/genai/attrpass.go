package genai

import (
	"math"
	"unicode/utf8"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// field names an attribute that EventFromAttributes reads into an Event field.
type field uint8

const (
	fieldEventID field = iota
	fieldLatencyMs
	fieldTenantID
	fieldUserID
	fieldSessionID
	fieldOperation
	fieldProvider
	fieldRequestModel
	fieldResponseModel
	fieldTemperature
	fieldInputTokens
	fieldOutputTokens
	fieldCacheReadTokens
	fieldCacheWriteTokens
	fieldReasoningTokens
	fieldCostUSD
	fieldCostSource
	fieldQuery
	fieldQueryFingerprint
	fieldResponse
	fieldResponseID
	fieldResponseLength
	fieldFinishReason
	fieldError
	fieldErrorType
	fieldZeroResult
	fieldZeroResultReason
	fieldQueryCategory
	fieldUserSource
	fieldFeatureVersion
	fieldUserSegment
	fieldGeography
	fieldAnomalyFlags
	numFields

	// fieldMappedOnly: stored elsewhere (message content, finish reasons, conversation id,
	// follow-ups) and
	// therefore kept out of the attributes map, but not read into a field.
	fieldMappedOnly
	// fieldOther: an attribute of no column, kept in the attributes map.
	fieldOther
)

// keptAttr is an attribute bound for the attributes map.
type keptAttr struct {
	key string
	val pcommon.Value
}

// attrPass is what one pass over a span's attributes found: the value of every read field and
// the attributes to keep. It replaces one Map.Get per field, each a linear scan of ~45
// attributes (7.8 % of the collector's CPU in a profile). It lives on the caller's stack: the
// kept attributes go to a fixed array (an enriched span keeps ~10) and only overflow to the heap.
type attrPass struct {
	vals     [numFields]pcommon.Value
	has      [numFields]bool
	kept     [24]keptAttr
	numKept  int
	overflow []keptAttr
}

// readAttributes fills p from attrs in one pass. Like Map.Get, the first of duplicate keys
// wins for a field; kept duplicates all go to the map, where the last one wins (as before). A
// function returning the pass, not a method filling it: its writes land in the result on the
// stack, and skip the GC write barrier that a write through a pointer costs while the
// collector marks (~10 % of converting spans to rows).
func readAttributes(attrs pcommon.Map) (p attrPass) {
	for k, v := range attrs.All() {
		switch f := fieldOf(k); {
		case f < numFields:
			if !p.has[f] {
				p.vals[f], p.has[f] = v, true
			}
		case f == fieldOther:
			p.keep(keptAttr{key: k, val: v})
		}
	}
	return p
}

func (p *attrPass) keep(a keptAttr) {
	if p.numKept < len(p.kept) {
		p.kept[p.numKept] = a
		p.numKept++
		return
	}
	p.overflow = append(p.overflow, a)
}

func (p *attrPass) str(f field) string {
	if !p.has[f] {
		return ""
	}
	return StrOf(p.vals[f])
}

func (p *attrPass) int(f field) int64 {
	if !p.has[f] {
		return 0
	}
	i, _ := AsInt(p.vals[f])
	return i
}

func (p *attrPass) uint32(f field) uint32 { return ClampUint32(p.int(f)) }

func (p *attrPass) bool(f field) bool { return p.has[f] && BoolOf(p.vals[f]) }

func (p *attrPass) strSlice(f field) []string {
	if !p.has[f] {
		return nil
	}
	return strSliceOf(p.vals[f])
}

// finiteFloat reads a field as a finite float (ok false when absent, unreadable, NaN or ±Inf).
func (p *attrPass) finiteFloat(f field) (float64, bool) {
	if !p.has[f] {
		return 0, false
	}
	x, ok := AsFloat(p.vals[f])
	if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, false
	}
	return x, true
}

// otherAttributes lists the kept attributes, with keys and values made valid UTF-8 on the way
// in, then extra (when its Key is set) last. Of duplicate keys the last wins, and a key that
// had to be repaired wins over an intact key it now equals, as when a map was repaired after
// the fact. Sized exactly, from buf (nil: one allocation).
func (p *attrPass) otherAttributes(extra Attribute, buf *AttributeBuffer) Attributes {
	n := p.numKept + len(p.overflow)
	if extra.Key != "" {
		n++
	}
	if n == 0 {
		return nil
	}
	if extra.Key == "" && len(p.overflow) == 0 {
		if out, ok := p.sortedKept(buf); ok {
			return out
		}
	}
	out := buf.take(n)
	parts := [2][]keptAttr{p.kept[:p.numKept], p.overflow}
	repairKeys := false
	for _, part := range parts {
		for _, a := range part {
			if !utf8.ValidString(a.key) {
				repairKeys = true
				continue
			}
			out = append(out, Attribute{Key: a.key, Value: attrText(a.val, buf)})
		}
	}
	if repairKeys {
		for _, part := range parts {
			for _, a := range part {
				if !utf8.ValidString(a.key) {
					out = append(out, Attribute{Key: validUTF8(a.key), Value: attrText(a.val, buf)})
				}
			}
		}
	}
	if extra.Key != "" {
		out = append(out, extra)
	}
	return AttributesOf(out)
}
