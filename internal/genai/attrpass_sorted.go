package genai

import (
	"unicode/utf8"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// sortedKept is otherAttributes for the common case: every kept attribute in the stack array,
// no extra. It sorts indices on the stack rather than the 32-byte entries of a heap slice:
// the sort's moves of pointer-holding entries ran through GC write barriers and were ~10 % of
// converting spans to rows. ok is false when a key needs repair (the general path handles it).
func (p *attrPass) sortedKept(buf *AttributeBuffer) (Attributes, bool) {
	kept := p.kept[:p.numKept]
	var idx [len(p.kept)]uint8
	for i, a := range kept {
		if !utf8.ValidString(a.key) {
			return nil, false
		}
		// Insertion sort, stable: an equal key goes after those already placed.
		j := i
		for j > 0 && kept[idx[j-1]].key > a.key {
			idx[j] = idx[j-1]
			j--
		}
		idx[j] = uint8(i)
	}
	order := idx[:len(kept)]
	out := buf.take(len(order))
	for i, k := range order {
		// Of equal keys the last in arrival order wins, as in a map filled in that order.
		if i+1 < len(order) && kept[order[i+1]].key == kept[k].key {
			continue
		}
		out = append(out, Attribute{Key: kept[k].key, Value: attrText(kept[k].val)})
	}
	return Attributes(out), true
}

// attrText renders an attribute value as valid UTF-8. Numbers and booleans render as ASCII, so
// only strings, bytes and composites need the check.
func attrText(v pcommon.Value) string {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		return validUTF8(v.Str())
	case pcommon.ValueTypeInt, pcommon.ValueTypeDouble, pcommon.ValueTypeBool:
		return v.AsString()
	}
	return validUTF8(v.AsString())
}
