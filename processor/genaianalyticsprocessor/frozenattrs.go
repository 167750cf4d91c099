package genaianalyticsprocessor

import (
	"math"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// frozenAttrs is a read-only copy of an attribute map, which the content join keeps for every
// span without content (the instrumentations' default) until its TTL. pcommon.Map.CopyTo
// allocates one object per attribute; here scalars keep their Go values (strings are shared:
// they are immutable) in one slice, as do the elements of slices of strings, and only other
// slices, maps and bytes are deep-copied.
type frozenAttrs struct {
	entries []frozenAttr
	// nested holds the deep copies of maps, bytes and mixed slices, out of line: they are
	// rare, and a pcommon.Value in every entry would make the common entry a third larger.
	nested []pcommon.Value
	// strs holds the elements of every slice of strings (gen_ai.response.finish_reasons on
	// nearly every span) back to back: one allocation instead of a pcommon copy's four or five.
	strs []string
	// whole is a plain copy of a map holding a key twice (rebuilding it with Put would merge
	// them); used instead of entries when set.
	whole *pcommon.Map
}

type frozenAttr struct {
	key  string
	str  string
	num  uint64 // int64, float64 bits, bool, the index in frozenAttrs.nested, or strsRange
	kind pcommon.ValueType
}

// kindStrSlice marks a slice of strings kept in frozenAttrs.strs (no pcommon.ValueType is
// negative).
const kindStrSlice pcommon.ValueType = -1

// strsRange packs where a slice's elements sit in frozenAttrs.strs into frozenAttr.num.
func strsRange(start, n int) uint64 { return uint64(start)<<32 | uint64(n) } //nolint:gosec // both far below 2^32

func unpackStrsRange(num uint64) (start, end int) {
	start = int(num >> 32)                   //nolint:gosec // packed by strsRange
	return start, start + int(num&(1<<32-1)) //nolint:gosec // packed by strsRange
}

func freezeAttrs(m pcommon.Map) frozenAttrs {
	f := frozenAttrs{entries: make([]frozenAttr, 0, m.Len())}
	var seen keyFilter
	duplicate := false
	m.Range(func(k string, v pcommon.Value) bool {
		h := keyHash(k)
		if seen.mayHaveHash(h) && f.holds(k) {
			duplicate = true
			return false
		}
		seen.addHash(h)
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
		case pcommon.ValueTypeSlice:
			if sl := v.Slice(); allStrings(sl) {
				e.kind, e.num = kindStrSlice, strsRange(len(f.strs), sl.Len())
				for i := 0; i < sl.Len(); i++ {
					f.strs = append(f.strs, sl.At(i).Str())
				}
				break
			}
			fallthrough
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
		case kindStrSlice:
			start, end := unpackStrsRange(e.num)
			out := dst.PutEmptySlice(e.key)
			out.EnsureCapacity(end - start)
			for _, str := range f.strs[start:end] {
				out.AppendEmpty().SetStr(str)
			}
		default:
			f.nested[e.num].CopyTo(dst.PutEmpty(e.key))
		}
	}
}

// allStrings reports whether a slice is non-empty and holds only strings.
func allStrings(sl pcommon.Slice) bool {
	for i := 0; i < sl.Len(); i++ {
		if sl.At(i).Type() != pcommon.ValueTypeStr {
			return false
		}
	}
	return sl.Len() > 0
}
