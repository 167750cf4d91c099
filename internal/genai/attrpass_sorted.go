package genai

import (
	"strconv"
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
	order := idx[:len(kept)]
	if buf != nil && buf.order.matches(kept) {
		copy(order, buf.order.idx[:])
	} else if !sortKept(kept, order) {
		return nil, false
	} else if buf != nil {
		buf.order.remember(kept, order)
	}
	out := buf.take(len(order))
	for i, k := range order {
		// Of equal keys the last in arrival order wins, as in a map filled in that order.
		if i+1 < len(order) && kept[order[i+1]].key == kept[k].key {
			continue
		}
		key := kept[k].key
		if buf != nil {
			// The remembered span's equal key (remember just stored this span's): the rows of
			// a run of spans share one copy of each key, which the exporter's shareWithPrevious
			// then finds identical without comparing bytes.
			key = buf.order.keys[k]
		}
		out = append(out, Attribute{Key: key, Value: attrText(kept[k].val, buf)})
	}
	return Attributes(out), true
}

// sortKept fills order with the indices of kept sorted by key, stable: of equal keys the first
// in arrival order comes first. It is false when a key is not valid UTF-8.
func sortKept(kept []keptAttr, order []uint8) bool {
	for i, a := range kept {
		if !utf8.ValidString(a.key) {
			return false
		}
		// Insertion sort, stable: an equal key goes after those already placed.
		j := i
		for j > 0 && kept[order[j-1]].key > a.key {
			order[j] = order[j-1]
			j--
		}
		order[j] = uint8(i)
	}
	return true
}

// keptOrder remembers the kept keys of the previous span and their sorted order: spans of one
// service list the same keys in the same order, and comparing them with the previous span's
// costs less than sorting them again and checking that they are valid UTF-8 (they are equal to
// keys that were).
type keptOrder struct {
	keys [len(attrPass{}.kept)]string
	idx  [len(attrPass{}.kept)]uint8
	n    int // keys remembered; 0 before the first span
}

func (o *keptOrder) matches(kept []keptAttr) bool {
	if o.n != len(kept) || o.n == 0 {
		return false
	}
	for i := range kept {
		if o.keys[i] != kept[i].key {
			return false
		}
	}
	return true
}

func (o *keptOrder) remember(kept []keptAttr, order []uint8) {
	for i := range kept {
		o.keys[i] = kept[i].key
	}
	if len(kept) < o.n {
		clear(o.keys[len(kept):o.n]) // keep no key of an earlier span alive
	}
	copy(o.idx[:], order)
	o.n = len(kept)
}

// attrText renders an attribute value as valid UTF-8. Numbers and booleans render as ASCII, so
// only strings, bytes and composites need the check. Integers are rendered into buf, if any.
func attrText(v pcommon.Value, buf *AttributeBuffer) string {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		return validUTF8(v.Str())
	case pcommon.ValueTypeInt:
		if buf == nil {
			return strconv.FormatInt(v.Int(), 10)
		}
		var digits [20]byte
		return buf.text(strconv.AppendInt(digits[:0], v.Int(), 10))
	case pcommon.ValueTypeDouble, pcommon.ValueTypeBool:
		return v.AsString()
	}
	return validUTF8(v.AsString())
}
