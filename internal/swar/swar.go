// Package swar holds what the text scanners share to test 8 bytes per step ("SIMD within a
// register"): the byte-broadcast constants and a little-endian 8-byte load. The tests built on
// them (has a zero byte, has a byte below n, has a digit) live next to their one user.
package swar

const (
	// Ones has 0x01 in every byte: Ones*b broadcasts the byte b to all 8 lanes.
	Ones = 0x0101010101010101
	// Highs has the high bit of every byte set.
	Highs = 0x8080808080808080
)

// Load8 reads s[i:i+8] little-endian (the compiler merges this into one load). Slicing
// first leaves one bounds check: with s[i+7] as the hint, each of the 8 index expressions
// kept its own (i may be negative as far as the compiler knows).
func Load8(s string, i int) uint64 {
	b := s[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}
