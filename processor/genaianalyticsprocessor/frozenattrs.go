package genaianalyticsprocessor

import (
	"math"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// frozenAttrs is a read-only copy of an attribute map, which the content join keeps for every
// span without content (the instrumentations' default) until its TTL. pcommon.Map.CopyTo
// allocates one object per attribute; here scalars keep their Go values (strings are shared:
// they are immutable) in one slice, and only slices, maps and bytes are deep-copied.
type frozenAttrs struct {
	entries []frozenAttr
	// nested holds the deep copies of slices, maps and bytes, out of line: they are rare, and
	// a pcommon.Value in every entry would make the common entry a third larger.
	nested []pcommon.Value
	// whole is a plain copy of a map holding a key twice (rebuilding it with Put would merge
	// them); used instead of entries when set.
	whole *pcommon.Map
}

type frozenAttr struct {
	key  string
	str  string
	num  uint64 // int64, float64 bits, bool, or the index in frozenAttrs.nested
	kind pcommon.ValueType
}

func freezeAttrs(m pcommon.Map) frozenAttrs {
	f := frozenAttrs{entries: make([]frozenAttr, 0, m.Len())}
	var seen keyFilter
	duplicate := false
	m.Range(func(k string, v pcommon.Value) bool {
		if seen.mayHave(k) && f.holds(k) {
			duplicate = true
			return false
		}
		seen.add(k)
		e := frozenAttr{key: k, kind: v.Type()}
		switch e.kind {
		case pcommon.ValueTypeStr:
			e.str = v.Str()
		case pcommon.ValueTypeInt:
			e.num = uint64(v.Int())
		case pcommon.ValueTypeDouble:
			e.num = math.Float64bits(v.Double())
		case pcommon.ValueTypeBool:
			if v.Bool() {
				e.num = 1
			}
		case pcommon.ValueTypeEmpty:
		default:
			e.num = uint64(len(f.nested))
			nested := pcommon.NewValueEmpty()
			v.CopyTo(nested)
			f.nested = append(f.nested, nested)
		}
		f.entries = append(f.entries, e)
		return true
	})
	if duplicate {
		whole := pcommon.NewMap()
		m.CopyTo(whole)
		return frozenAttrs{whole: &whole}
	}
	return f
}

func (f *frozenAttrs) holds(k string) bool {
	for i := range f.entries {
		if f.entries[i].key == k {
			return true
		}
	}
	return false
}

// copyTo replaces the contents of dst with the frozen attributes, like pcommon.Map.CopyTo.
func (f *frozenAttrs) copyTo(dst pcommon.Map) {
	if f.whole != nil {
		f.whole.CopyTo(dst)
		return
	}
	dst.Clear()
	dst.EnsureCapacity(len(f.entries))
	for i := range f.entries {
		e := &f.entries[i]
		switch e.kind {
		case pcommon.ValueTypeStr:
			dst.PutStr(e.key, e.str)
		case pcommon.ValueTypeInt:
			dst.PutInt(e.key, int64(e.num))
		case pcommon.ValueTypeDouble:
			dst.PutDouble(e.key, math.Float64frombits(e.num))
		case pcommon.ValueTypeBool:
			dst.PutBool(e.key, e.num == 1)
		case pcommon.ValueTypeEmpty:
			dst.PutEmpty(e.key)
		default:
			f.nested[e.num].CopyTo(dst.PutEmpty(e.key))
		}
	}
}
