package swar

import (
	"encoding/binary"
	"testing"
)

func TestLoad8IsLittleEndian(t *testing.T) {
	s := "\x01\x02\x03\x04\x05\x06\x07\x08\x09"
	for i := 0; i+8 <= len(s); i++ {
		if got, want := Load8(s, i), binary.LittleEndian.Uint64([]byte(s[i:i+8])); got != want {
			t.Fatalf("Load8(s, %d) = %#x, want %#x", i, got, want)
		}
	}
	if Ones*0x20 != 0x2020202020202020 || Highs != Ones*0x80 {
		t.Fatal("constants")
	}
}
