package genaianalyticsprocessor

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/collector/pdata/pcommon"
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
