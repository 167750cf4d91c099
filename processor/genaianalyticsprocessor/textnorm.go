package genaianalyticsprocessor

import (
	"encoding/binary"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/swar"
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
// Eight bytes at a time when foldWord can (most of ordinary text), else byte by byte for those
// eight bytes.
func foldASCIIRun(dst []byte, s string, space bool) ([]byte, int, bool) {
	dst = slices.Grow(dst, len(s))
	n := len(dst)
	out := dst[:cap(dst)]
	i := 0
	for i < len(s) {
		if i+8 <= len(s) {
			if w, ok := foldWord(load64(s[i:]), space); ok {
				binary.LittleEndian.PutUint64(out[n:], w)
				n, i, space = n+8, i+8, w>>56 == ' '
				continue
			}
		}
		chunk := s[i:min(i+8, len(s))]
		var read int
		n, read, space = foldASCIIBytes(out, n, chunk, space)
		i += read
		if read < len(chunk) {
			break // a non-ASCII byte
		}
	}
	return out[:n], i, space
}

// foldASCIIBytes folds the bytes of s up to the first non-ASCII one into out at n. Each byte is
// written unconditionally and a collapsed space simply not kept, so the loop has no branch that
// depends on the text (spaces every few bytes would defeat the predictor).
func foldASCIIBytes(out []byte, n int, s string, space bool) (int, int, bool) {
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
	return n, i, space
}

// Masks of a uint64 read as 8 bytes (foldWord): 1 in every byte, the high bit of every byte.
const (
	byteOnes  = 0x0101010101010101
	byteHighs = 0x8080808080808080
)

// foldWord lower-cases 8 ASCII bytes (little-endian in w) at once. It declines (ok false) when a
// byte needs foldASCIIBytes: non-ASCII, a control byte (\t, \n, \r fold to a space, others are
// kept), or a space after a space (space says whether the byte before w was one). For bytes
// below 0x80, b + (0x80-x) sets the byte's high bit exactly when b >= x, without a carry into
// the next byte.
func foldWord(w uint64, space bool) (uint64, bool) {
	if w&byteHighs != 0 {
		return 0, false
	}
	control := ^(w + (0x80-0x20)*byteOnes) & byteHighs
	spaces := ^((w ^ ' '*byteOnes) + 0x7f*byteOnes) & byteHighs
	spaceBefore := spaces << 8
	if space {
		spaceBefore |= 0x80
	}
	if control|spaces&spaceBefore != 0 {
		return 0, false
	}
	upper := (w + (0x80-'A')*byteOnes) &^ (w + (0x80-'Z'-1)*byteOnes) & byteHighs
	return w | upper>>2, true // 0x80>>2 is the case bit 0x20
}

// load64 reads the first 8 bytes of s little-endian (the compiler merges it into one load).
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
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
			switch class := fingerprintClass[c]; class {
			case fingerprintSeparator:
				h.separator()
			case fingerprintDigit:
				h.digit()
			default:
				h.letter(class)
				i = h.letterRun(query, i)
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

// fingerprintClass classifies an ASCII byte for fingerprint: a letter or apostrophe as
// itself lower-cased, else fingerprintDigit or fingerprintSeparator. Read-only after init.
var fingerprintClass = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		switch {
		case c >= '0' && c <= '9':
			t[c] = fingerprintDigit
		case c >= 'a' && c <= 'z' || c == '\'':
			t[c] = byte(c)
		case c >= 'A' && c <= 'Z':
			t[c] = byte(c) + 'a' - 'A'
		default:
			t[c] = fingerprintSeparator
		}
	}
	return t
}()

const (
	fingerprintSeparator = 0
	fingerprintDigit     = 1
)

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

// letterRun hashes the ASCII letters of s from i on, in a loop that keeps the hash in
// registers (most of a query is letter runs), and returns where the run ends.
func (f *fingerprintHash) letterRun(s string, i int) int {
	h, n := f.h, f.n
	for ; i < len(s) && s[i] < utf8.RuneSelf; i++ {
		class := fingerprintClass[s[i]]
		if class <= fingerprintDigit {
			break
		}
		h = (h ^ uint64(class)) * 1099511628211
		n++
	}
	f.h, f.n = h, n
	return i
}

func (f *fingerprintHash) letterBytes(bs []byte) {
	f.startToken()
	f.inDigit = false
	for _, b := range bs {
		f.write(b)
	}
}

func (f *fingerprintHash) separator() { f.pendingSpace, f.inDigit = true, false }

// runeCount is utf8.RuneCountInString, 8 bytes per step over ASCII (most of a response):
// an ASCII byte is always one rune, so where the skipped bytes end changes no decoding.
func runeCount(s string) int {
	n, i := 0, 0
	for i < len(s) {
		if i+8 <= len(s) && swar.Load8(s, i)&byteHighs == 0 {
			i += 8
			n += 8
			continue
		}
		if s[i] < utf8.RuneSelf {
			i++
		} else {
			_, size := utf8.DecodeRuneInString(s[i:]) // size 1 for an invalid byte, counted as one rune
			i += size
		}
		n++
	}
	return n
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
