package redact

import (
	"math/bits"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/swar"
)

// digitMask has the high bit set of each byte of x that is an ASCII digit: bytes XOR '0' are
// below 10 exactly for digits (the SWAR "has byte less than" test). Only the lowest set bit
// is exact (a byte above a digit may be flagged by the borrow), which is all nextDigit reads.
func digitMask(x uint64) uint64 {
	y := x ^ swar.Ones*'0'
	return (y - swar.Ones*10) &^ y & swar.Highs
}

// hasDigit reports whether any of the 8 bytes of x is an ASCII digit.
func hasDigit(x uint64) bool { return digitMask(x) != 0 }

// nextDigit returns the index of the first digit at or after i, or len(s). Prose is skipped 8
// bytes per step, and the digit's place in its word is read off the mask (no byte loop).
func nextDigit(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		if m := digitMask(swar.Load8(s, i)); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for i < len(s) && s[i]-'0' > 9 {
		i++
	}
	return i
}

// skipCardless returns the first position at or after i from which findCard must scan: it
// passes over stretches where no card can start, which on prose is nearly all of the text, so
// findCard no longer stops at every digit of "$20" or "99.9%". A card is 13+ bytes without
// two adjacent non-digits, so one starting in [i, i+12) covers s[i+11] and s[i+12], and one
// of them is a digit: probing that pair skips 12 bytes per step (cheaper per byte than the
// SWAR digit test). The scan resumes after a byte that no digit run passes, so findCard walks
// the same runs it would have walked.
func skipCardless(s string, i int) int {
	from := i
	for i+13 <= len(s) && !isDigit(s[i+11]) && !isDigit(s[i+12]) {
		i += 12
	}
	// A run reaching i started less than 13 bytes before it (a longer one would have stopped
	// the probe) or before from, so this walk back is short.
	for r := i; r > from; r-- {
		if !cardRunPasses(s, r-1) {
			return r
		}
	}
	return from
}

// cardRunPasses reports whether a digit run of findCard continues through s[p]: a digit, or a
// single space or dash followed by a digit.
func cardRunPasses(s string, p int) bool {
	c := s[p]
	return isDigit(c) || (c == ' ' || c == '-') && p+1 < len(s) && isDigit(s[p+1])
}
