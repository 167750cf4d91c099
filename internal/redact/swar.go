package redact

const (
	swarOnes  = 0x0101010101010101
	swarHighs = 0x8080808080808080
)

// load8 reads 8 bytes little-endian (the compiler merges this into one load).
func load8(s string, i int) uint64 {
	_ = s[i+7]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

// hasDigit reports whether any of the 8 bytes of x is an ASCII digit ("has byte between"
// 0x2F and 0x3A, a classic SWAR test): prose is skipped 8 bytes per step.
func hasDigit(x uint64) bool {
	const m, n = 0x2F, 0x3A
	low := x & (swarOnes * 127)
	return (swarOnes*(127+n)-low)&^x&(low+swarOnes*(127-m))&swarHighs != 0
}

// nextDigit returns the index of the first digit at or after i, or len(s).
func nextDigit(s string, i int) int {
	for i+8 <= len(s) && !hasDigit(load8(s, i)) {
		i += 8
	}
	for i < len(s) && s[i]-'0' > 9 {
		i++
	}
	return i
}
