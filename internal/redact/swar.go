package redact

import "github.com/otelcol-aianalytics/otelcol-aianalytics/internal/swar"

// hasDigit reports whether any of the 8 bytes of x is an ASCII digit ("has byte between"
// 0x2F and 0x3A, a classic SWAR test): prose is skipped 8 bytes per step.
func hasDigit(x uint64) bool {
	const m, n = 0x2F, 0x3A
	low := x & (swar.Ones * 127)
	return (swar.Ones*(127+n)-low)&^x&(low+swar.Ones*(127-m))&swar.Highs != 0
}

// nextDigit returns the index of the first digit at or after i, or len(s).
func nextDigit(s string, i int) int {
	for i+8 <= len(s) && !hasDigit(swar.Load8(s, i)) {
		i += 8
	}
	for i < len(s) && s[i]-'0' > 9 {
		i++
	}
	return i
}
