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
// price of plan 2?" and "what’s the PRICE of plan 3" group together. 0 means no query. ASCII
// bytes are classified without decoding a rune or calling into package unicode.
func fingerprint(query string) uint64 {
	h := fingerprintHash{h: 14695981039346656037}
	for i := 0; i < len(query); {
		if c := query[i]; c < utf8.RuneSelf {
			i++
			switch {
			case c >= '0' && c <= '9':
				h.digit()
			case c >= 'a' && c <= 'z' || c == '\'':
				h.letter(c)
			case c >= 'A' && c <= 'Z':
				h.letter(c + 'a' - 'A')
			default:
				h.separator()
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(query[i:]) // RuneError for invalid bytes, like range
		i += size
		switch {
		case unicode.IsLetter(r):
			var buf [utf8.UTFMax]byte
			h.letterBytes(buf[:utf8.EncodeRune(buf[:], unicode.ToLower(r))])
		case r == '\u2019':
			h.letter('\'')
		default:
			h.separator()
		}
	}
	if h.n == 0 {
		return 0
	}
	return h.h
}

// fingerprintHash is the state of fingerprint: the hash so far, how many bytes went in, and
// whether a space or a digit run is pending.
type fingerprintHash struct {
	h                     uint64
	n                     int
	pendingSpace, inDigit bool
}

func (f *fingerprintHash) write(b byte) {
	f.h ^= uint64(b)
	f.h *= 1099511628211
	f.n++
}

// startToken writes the space separating this token from the previous one.
func (f *fingerprintHash) startToken() {
	if f.pendingSpace && f.n > 0 {
		f.write(' ')
	}
	f.pendingSpace = false
}

func (f *fingerprintHash) digit() {
	if f.inDigit {
		return
	}
	f.startToken()
	f.inDigit = true
	f.write('0')
}

func (f *fingerprintHash) letter(b byte) {
	f.startToken()
	f.inDigit = false
	f.write(b)
}

func (f *fingerprintHash) letterBytes(bs []byte) {
	f.startToken()
	f.inDigit = false
	for _, b := range bs {
		f.write(b)
	}
}

func (f *fingerprintHash) separator() { f.pendingSpace, f.inDigit = true, false }

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
