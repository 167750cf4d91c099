package genaianalyticsprocessor

import (
	"unicode"
	"unicode/utf8"
)

// foldText appends s to dst lower-cased, with typographic apostrophes and quotes folded to
// ASCII (’ ‘ ʼ → ') and whitespace runs collapsed to one space, so "I Don’t\nknow" and
// "i don't know" compare equal. ASCII text is handled byte by byte without decoding.
func foldText(dst []byte, s string) []byte {
	space := true // trims leading space
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == ' ' || c == '\n' || c == '\t' || c == '\r':
				if !space {
					dst = append(dst, ' ')
					space = true
				}
				continue
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			space = false
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
