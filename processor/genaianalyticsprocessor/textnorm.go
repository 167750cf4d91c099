package genaianalyticsprocessor

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// foldText appends s to dst lower-cased, with typographic apostrophes and quotes folded to
// ASCII (’ ‘ ʼ → ') and whitespace runs collapsed to one space, so "I Don’t\nknow" and
// "i don't know" compare equal. ASCII text is handled byte by byte without decoding.
func foldText(dst []byte, s string) []byte {
	space := true // trims leading space
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			var n int
			dst, n, space = foldASCIIRun(dst, s[i:], space)
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\u2019' || r == '\u2018' || r == '\u02bc':
			dst = append(dst, '\'')
		case unicode.IsSpace(r):
			if !space {
				dst = append(dst, ' ')
				space = true
			}
			continue
		default:
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
		space = false
	}
	if len(dst) > 0 && dst[len(dst)-1] == ' ' {
		dst = dst[:len(dst)-1]
	}
	return dst
}

// foldASCIIRun folds the ASCII bytes at the start of s onto dst and returns how many it read.
// Each byte is written unconditionally and a collapsed space simply not kept, so the loop has
// no branch that depends on the text (spaces every few bytes would defeat the predictor).
func foldASCIIRun(dst []byte, s string, space bool) ([]byte, int, bool) {
	dst = slices.Grow(dst, len(s))
	n := len(dst)
	out := dst[:cap(dst)]
	i := 0
	for ; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			break
		}
		f := asciiFold[c]
		out[n] = f
		isSpace := f == ' '
		keep := 1
		if isSpace && space {
			keep = 0
		}
		n += keep
		space = isSpace
	}
	return out[:n], i, space
}

// asciiFold maps each ASCII byte to its folded form: lower case, and ' ' for the whitespace
// that collapses (space, tab, newline, carriage return). Read-only after init.
var asciiFold = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		switch {
		case c == ' ' || c == '\n' || c == '\t' || c == '\r':
			t[c] = ' '
		case c >= 'A' && c <= 'Z':
			t[c] = byte(c) + 'a' - 'A'
		default:
			t[c] = byte(c)
		}
	}
	return t
}()

// fingerprint hashes the normalized query (FNV-1a 64): lower case, apostrophes folded,
// punctuation dropped, digit runs replaced by one '0' and whitespace collapsed, so "What's the
// price of plan 2?" and "what’s the PRICE of plan 3" group together. 0 means no query.
func fingerprint(query string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	n := 0
	pendingSpace, inDigits := false, false
	write := func(b byte) { h ^= uint64(b); h *= prime; n++ }
	for _, r := range query {
		switch {
		case r >= '0' && r <= '9':
			if inDigits {
				continue
			}
			if pendingSpace && n > 0 {
				write(' ')
			}
			pendingSpace, inDigits = false, true
			write('0')
		case unicode.IsLetter(r) || r == '\'' || r == '\u2019':
			if pendingSpace && n > 0 {
				write(' ')
			}
			pendingSpace, inDigits = false, false
			if r == '\u2019' {
				r = '\''
			}
			if r < utf8.RuneSelf {
				if r >= 'A' && r <= 'Z' {
					r += 'a' - 'A'
				}
				write(byte(r))
				continue
			}
			var buf [utf8.UTFMax]byte
			for _, b := range buf[:utf8.EncodeRune(buf[:], unicode.ToLower(r))] {
				write(b)
			}
		default:
			pendingSpace, inDigits = true, false
		}
	}
	if n == 0 {
		return 0
	}
	return h
}

// truncateRunes cuts s to at most n runes (n <= 0: no cap) and says whether it did.
func truncateRunes(s string, n int) (string, bool) {
	if n <= 0 || len(s) <= n {
		return s, false
	}
	count := 0
	for i := range s {
		if count == n {
			return s[:i], true
		}
		count++
	}
	return s, false
}
