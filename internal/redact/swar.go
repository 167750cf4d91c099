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
// findCard no longer stops at every digit of "$20" or "99.9%". A card starts with a digit, is
// 13+ bytes long and has a digit in any two adjacent bytes, so one starting in [i, i+27) either
// starts in the 16 bytes at i+11 or covers the first two of them: when two SWAR digit tests
// find none there, 27 bytes are skipped in one step. Near the end the probe is the pair
// s[i+11], s[i+12] (12 bytes per step). The scan resumes after a byte that no digit run passes,
// so findCard walks the same runs it would have walked.
func skipCardless(s string, i int) int {
	from := i
	for i+27 <= len(s) && digitMask(swar.Load8(s, i+11))|digitMask(swar.Load8(s, i+19)) == 0 {
		i += 27
	}
	for i+13 <= len(s) && !isDigit(s[i+11]) && !isDigit(s[i+12]) {
		i += 12
	}
	// A run reaching i started less than 13 bytes before it (a longer one would have stopped
	// a probe) or before from, so this walk back is short.
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
