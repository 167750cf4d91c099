package genaianalyticsprocessor

import (
	"math"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// frozenAttrs is a read-only copy of an attribute map, which the content join keeps for every
// span without content (the instrumentations' default) until its TTL: up to max_entries of
// them stay live, and the garbage collector marks them on every cycle. So the copy holds
// almost no pointers: the keys and the strings (also the elements of slices of strings, like
// gen_ai.response.finish_reasons on nearly every span) are copied back to back into one text,
// which copyTo hands out again as substrings without copying; the entries only hold offsets
// and scalar values. Only other slices, maps and bytes are deep-copied as pcommon values.
type frozenAttrs struct {
	entries []frozenAttr
	text    string
	// nested holds the deep copies of maps, bytes and mixed slices, out of line: they are
	// rare, and a pcommon.Value in every entry would make the common entry larger.
	nested []pcommon.Value
	// whole is a plain copy of a map holding a key twice (rebuilding it with Put would merge
	// them); used instead of entries when set.
	whole *pcommon.Map
}

// frozenAttr is one attribute, or one element of the slice of strings in the entry before:
// 16 bytes, a third of two string headers and a value.
type frozenAttr struct {
	keyStart uint32
	keyLen   uint16 // longer keys make freeze copy the whole map instead
	kind     frozenKind
	// num is the int64, the float64 bits or the bool; a string's textRange; the element
	// count of a slice of strings; or the index in frozenAttrs.nested.
	num uint64
}

// frozenKind is the pcommon.ValueType of an attribute, or one of the kinds below.
type frozenKind int8

// Kinds beyond pcommon's (no pcommon.ValueType is negative).
const (
	// kindStrSlice is a slice of strings; its elements are the next num entries.
	kindStrSlice frozenKind = -1
	// kindStrElem is an element of a slice of strings, its text range in num.
	kindStrElem frozenKind = -2
)

// textRange is where a string sits in frozenAttrs.text.
type textRange struct{ start, n uint32 }

func (r textRange) packed() uint64 { return uint64(r.start)<<32 | uint64(r.n) }

func unpackTextRange(num uint64) textRange {
	return textRange{uint32(num >> 32), uint32(num)} //nolint:gosec // packed by textRange.packed
}

// freezeAttrs copies m, which may hold a key twice.
func freezeAttrs(m pcommon.Map) frozenAttrs { return freeze(m, true, &frozenScratch{}) }

// freezeSpanAttrs copies the attributes of a span being enriched: indexAttrs saw whether the
// span can hold a key twice (enrichment's writes never add a second one), which spares the
// check of every key here.
func freezeSpanAttrs(a *spanAttrs, s *frozenScratch) frozenAttrs { return freeze(a.m, a.mayRepeat, s) }

// frozenScratch is where freeze gathers a copy before taking it in two exact allocations; the
// content join reuses one per call.
type frozenScratch struct {
	text    []byte
	entries []frozenAttr
}

// frozenBuilder gathers one copy in a scratch's slices; it lives on freeze's stack, so that
// its appends write no pointer to the heap.
type frozenBuilder struct {
	text    []byte
	entries []frozenAttr
	nested  []pcommon.Value
	longKey bool
}

// maxPooledScratch bounds the bytes of a scratch kept for reuse (a span with huge or very
// many attributes must not pin that much memory).
const maxPooledScratch = 64 << 10

// frozenAttrBytes is the size of a frozenAttr (a test holds it to unsafe.Sizeof).
const frozenAttrBytes = 16

func (s *frozenScratch) size() int { return cap(s.text) + cap(s.entries)*frozenAttrBytes }

func freeze(m pcommon.Map, mayRepeat bool, s *frozenScratch) frozenAttrs {
	b := frozenBuilder{text: s.text[:0], entries: s.entries[:0]}
	var seen keyFilter
	suspect := false // a key the filter may have seen sends the map to the exact check
	m.Range(func(k string, v pcommon.Value) bool {
		if mayRepeat {
			h := keyHash(k)
			suspect = suspect || seen.mayHaveHash(h)
			seen.addHash(h)
		}
		b.add(k, v)
		return true
	})
	s.text, s.entries = b.text, b.entries // grown for the next copy
	if suspect && holdsKeyTwice(m) || b.longKey || uint64(len(b.text)) > math.MaxUint32 {
		whole := pcommon.NewMap()
		m.CopyTo(whole)
		return frozenAttrs{whole: &whole}
	}
	entries := make([]frozenAttr, len(b.entries))
	copy(entries, b.entries)
	return frozenAttrs{entries: entries, text: string(b.text), nested: b.nested}
}

// str appends str to the text; freeze discards the ranges if the text outgrows them.
func (b *frozenBuilder) str(str string) textRange {
	r := textRange{uint32(len(b.text)), uint32(len(str))} //nolint:gosec // see above
	b.text = append(b.text, str...)
	return r
}

func (b *frozenBuilder) add(k string, v pcommon.Value) {
	key := b.str(k)
	b.longKey = b.longKey || len(k) > math.MaxUint16
	e := frozenAttr{keyStart: key.start, keyLen: uint16(key.n), kind: frozenKind(v.Type())} //nolint:gosec // see longKey
	switch v.Type() {
	case pcommon.ValueTypeStr:
		e.num = b.str(v.Str()).packed()
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
			e.kind, e.num = kindStrSlice, uint64(sl.Len())
			b.entries = append(b.entries, e)
			for i := 0; i < sl.Len(); i++ {
				b.entries = append(b.entries, frozenAttr{kind: kindStrElem, num: b.str(sl.At(i).Str()).packed()})
			}
			return
		}
		fallthrough
	default:
		e.num = uint64(len(b.nested))
		nested := pcommon.NewValueEmpty()
		v.CopyTo(nested)
		b.nested = append(b.nested, nested)
	}
	b.entries = append(b.entries, e)
}

func (f *frozenAttrs) str(r textRange) string { return f.text[r.start : r.start+r.n] }

func (f *frozenAttrs) key(e *frozenAttr) string {
	return f.text[e.keyStart : e.keyStart+uint32(e.keyLen)]
}

// copyTo replaces the contents of dst with the frozen attributes, like pcommon.Map.CopyTo.
func (f *frozenAttrs) copyTo(dst pcommon.Map) {
	if f.whole != nil {
		f.whole.CopyTo(dst)
		return
	}
	dst.Clear()
	dst.EnsureCapacity(len(f.entries))
	for i := 0; i < len(f.entries); i++ {
		e := &f.entries[i]
		key := f.key(e)
		switch pcommon.ValueType(e.kind) {
		case pcommon.ValueTypeStr:
			dst.PutStr(key, f.str(unpackTextRange(e.num)))
		case pcommon.ValueTypeInt:
			dst.PutInt(key, int64(e.num))
		case pcommon.ValueTypeDouble:
			dst.PutDouble(key, math.Float64frombits(e.num))
		case pcommon.ValueTypeBool:
			dst.PutBool(key, e.num == 1)
		case pcommon.ValueTypeEmpty:
			dst.PutEmpty(key)
		case pcommon.ValueType(kindStrSlice):
			elems := f.entries[i+1 : i+1+int(e.num)] //nolint:gosec // an element count
			out := dst.PutEmptySlice(key)
			out.EnsureCapacity(len(elems))
			for _, el := range elems {
				out.AppendEmpty().SetStr(f.str(unpackTextRange(el.num)))
			}
			i += len(elems)
		default:
			f.nested[e.num].CopyTo(dst.PutEmpty(key))
		}
	}
}

// holdsKeyTwice reports whether m holds a key more than once (possible in unmarshaled data).
func holdsKeyTwice(m pcommon.Map) bool {
	keys := make(map[string]struct{}, m.Len())
	twice := false
	m.Range(func(k string, _ pcommon.Value) bool {
		if _, twice = keys[k]; twice {
			return false
		}
		keys[k] = struct{}{}
		return true
	})
	return twice
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
