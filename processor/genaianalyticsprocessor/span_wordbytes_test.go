package genaianalyticsprocessor

import (
	"encoding/binary"
	"testing"
)

// TestNonWordBytesMatchesIsWordByte checks every byte value in every lane, next to neighbours
// that could carry or borrow into it.
func TestNonWordBytesMatchesIsWordByte(t *testing.T) {
	for _, fill := range []byte{0x00, 'a', 'Z', '9', ' ', 0x7f, 0x80, 0xff} {
		for lane := range 8 {
			for b := range 256 {
				var w [8]byte
				for i := range w {
					w[i] = fill
				}
				w[lane] = byte(b)
				m := nonWordBytes(binary.LittleEndian.Uint64(w[:]))
				for i, c := range w {
					if got, want := m>>(8*i+7)&1 == 1, !isWordByte(c); got != want {
						t.Fatalf("byte %#x in lane %d of %x: non-word %v, want %v", c, i, w, got, want)
					}
				}
				if m&^0x8080808080808080 != 0 {
					t.Fatalf("%x: bits other than the high bits set: %#x", w, m)
				}
			}
		}
	}
}
