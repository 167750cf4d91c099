package genaianalyticsprocessor

import (
	"bytes"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

func TestFrozenAttrsCopyToMatchesMapCopyTo(t *testing.T) {
	tests := []struct {
		name  string
		build func(m pcommon.Map)
	}{
		{"empty", func(pcommon.Map) {}},
		{"scalars", func(m pcommon.Map) {
			m.PutStr("s", "v")
			m.PutInt("i", -7)
			m.PutDouble("d", 1.25)
			m.PutBool("b", true)
			m.PutBool("f", false)
			m.PutEmpty("e")
		}},
		{"string slice", func(m pcommon.Map) {
			sl := m.PutEmptySlice("gen_ai.response.finish_reasons")
			sl.AppendEmpty().SetStr("stop")
			sl.AppendEmpty().SetStr("length")
		}},
		{"two string slices", func(m pcommon.Map) {
			m.PutEmptySlice("first").AppendEmpty().SetStr("a")
			m.PutStr("between", "b")
			sl := m.PutEmptySlice("second")
			sl.AppendEmpty().SetStr("")
			sl.AppendEmpty().SetStr("c")
		}},
		{"key longer than an entry holds", func(m pcommon.Map) {
			m.PutStr(strings.Repeat("k", 1<<16), "v")
			m.PutInt("short", 1)
		}},
		{"empty slice", func(m pcommon.Map) { m.PutEmptySlice("none") }},
		{"mixed slice", func(m pcommon.Map) {
			sl := m.PutEmptySlice("mixed")
			sl.AppendEmpty().SetStr("a")
			sl.AppendEmpty().SetInt(1)
		}},
		{"slice of slices", func(m pcommon.Map) {
			m.PutEmptySlice("outer").AppendEmpty().SetEmptySlice().AppendEmpty().SetStr("inner")
		}},
		{"map and bytes", func(m pcommon.Map) {
			m.PutEmptyMap("m").PutStr("k", "v")
			m.PutEmptyBytes("raw").FromRaw([]byte{1, 2})
			m.PutStr("after", "x")
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := pcommon.NewMap()
			tc.build(src)
			want := pcommon.NewMap()
			src.CopyTo(want)

			frozen := freezeAttrs(src)
			// The frozen copy must not share mutable state with the source.
			src.PutStr("s", "changed")
			if sl, ok := src.Get("gen_ai.response.finish_reasons"); ok {
				sl.Slice().At(0).SetStr("changed")
			}
			got := pcommon.NewMap()
			got.PutStr("stale", "dropped")
			frozen.copyTo(got)
			assert.Equal(t, want.AsRaw(), got.AsRaw())
			assert.Equal(t, want.Len(), got.Len())
		})
	}
}

// A map holding a key twice (unmarshaled data can) is copied as it is, not merged, both when
// frozen as any map and as the attributes of a span being enriched.
func TestFrozenAttrsKeepAKeyHeldTwice(t *testing.T) {
	td := ptrace.NewTraces()
	attrs := td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty().Spans().AppendEmpty().Attributes()
	attrs.PutStr("first", "1")
	attrs.PutStr("dup_a", "2")
	attrs.PutStr("dup_b", "3")
	raw, err := (&ptrace.ProtoMarshaler{}).MarshalTraces(td)
	require.NoError(t, err)
	raw = bytes.Replace(raw, []byte("dup_b"), []byte("dup_a"), 1)
	td, err = (&ptrace.ProtoUnmarshaler{}).UnmarshalTraces(raw)
	require.NoError(t, err)
	src := td.ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(0).Attributes()
	require.Equal(t, 3, src.Len())

	a := indexAttrs(src)
	assert.True(t, a.mayRepeat)
	for name, frozen := range map[string]frozenAttrs{"any map": freezeAttrs(src), "span": freezeSpanAttrs(&a, &frozenScratch{})} {
		got := pcommon.NewMap()
		frozen.copyTo(got)
		var pairs []string
		got.Range(func(k string, v pcommon.Value) bool {
			pairs = append(pairs, k+"="+v.Str())
			return true
		})
		assert.Equal(t, []string{"first=1", "dup_a=2", "dup_a=3"}, pairs, name)
	}
}

// A scratch reused for a smaller map leaves nothing of the earlier one in the copy.
func TestFrozenScratchReuse(t *testing.T) {
	var scratch frozenScratch
	big := pcommon.NewMap()
	for _, k := range []string{"a", "b", "c"} {
		big.PutStr(k, strings.Repeat(k, 40))
	}
	small := pcommon.NewMap()
	small.PutEmptySlice("s").AppendEmpty().SetStr("x")
	for _, m := range []pcommon.Map{big, small} {
		a := indexAttrs(m)
		frozen := freezeSpanAttrs(&a, &scratch)
		got := pcommon.NewMap()
		frozen.copyTo(got)
		assert.Equal(t, m.AsRaw(), got.AsRaw())
	}
}

func TestFrozenAttrBytes(t *testing.T) {
	assert.Equal(t, uintptr(frozenAttrBytes), unsafe.Sizeof(frozenAttr{}))
}
