package genaianalyticsprocessor

import (
	"strings"
	"testing"
)

// TestHasControlByteAllBytes checks the SWAR test against the byte test for every byte value at
// every position, among ordinary bytes and among other control ones.
func TestHasControlByteAllBytes(t *testing.T) {
	for _, fill := range []uint64{0x4141414141414141, 0x2222222222222222, 0xffffffffffffffff, 0x1f1f1f1f1f1f1f1f} {
		for b := 0; b < 256; b++ {
			for pos := 0; pos < 8; pos++ {
				x := fill&^(0xff<<(8*pos)) | uint64(b)<<(8*pos)
				want := false
				for i := 0; i < 8; i++ {
					c := byte(x >> (8 * i))
					want = want || c < 0x20
				}
				if got := hasControlByte(x); got != want {
					t.Fatalf("byte %#x at %d in %#x: got %v", b, pos, fill, got)
				}
			}
		}
	}
}

// TestLastIndexQuote checks the 8-bytes-per-step search against strings.LastIndexByte for
// every length up to 40 and quote positions, among bytes that differ from '"' by one bit.
func TestLastIndexQuote(t *testing.T) {
	for n := 0; n <= 40; n++ {
		for _, fill := range []byte{'a', '"' ^ 1, '"' ^ 0x80, 0, 0xff} {
			base := strings.Repeat(string(fill), n)
			for q := -1; q < n; q++ {
				for q2 := -1; q2 <= q; q2++ {
					b := []byte(base)
					for _, i := range []int{q, q2} {
						if i >= 0 {
							b[i] = '"'
						}
					}
					if got, want := lastIndexQuote(string(b)), strings.LastIndexByte(string(b), '"'); got != want {
						t.Fatalf("%q: got %d, want %d", b, got, want)
					}
				}
			}
		}
	}
}
