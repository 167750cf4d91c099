package genaianalyticsprocessor

import (
	"strings"
	"unicode/utf8"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/swar"
)

// maxJSONDepth bounds recursion on hostile input ("[[[[…").
const maxJSONDepth = 32

// shortString is how many bytes of a string are read one by one before the vectorized search.
const shortString = 16

// jsonScanner is a minimal JSON reader for message lists: it walks tokens without building a
// tree and returns strings as substrings of the input when they hold no escapes, so the usual
// chat payload is read without allocating. Any syntax error stops the walk (ok=false).
type jsonScanner struct {
	s     string
	i     int
	bad   bool
	depth int
}

func (p *jsonScanner) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonScanner) peek() byte {
	p.ws()
	if p.i >= len(p.s) {
		return 0
	}
	return p.s[p.i]
}

func (p *jsonScanner) consume(c byte) bool {
	if p.peek() == c {
		p.i++
		return true
	}
	return false
}

// str reads a JSON string.
func (p *jsonScanner) str() string {
	if !p.consume('"') {
		p.bad = true
		return ""
	}
	start := p.i
	p.i = plainRunEnd(p.s, p.i)
	if p.i >= len(p.s) {
		p.bad = true
		return ""
	}
	switch p.s[p.i] {
	case '"':
		out := p.s[start:p.i]
		p.i++
		return out
	case '\\':
		return p.escapedStr(start)
	}
	p.bad = true // a control character
	return ""
}

// plainRunEnd returns the index of the first '"', '\\' or control character at or after i
// (len(s) if none). Keys and roles are a few bytes, ended by a byte loop before three searches
// would pay off; longer text is searched with the vectorized IndexByte for the quote and the
// backslash, and 8 bytes per step for control characters, only up to the closing quote.
func plainRunEnd(s string, i int) int {
	for n := min(len(s), i+shortString); i < n; i++ {
		if c := s[i]; c == '"' || c == '\\' || c < 0x20 {
			return i
		}
	}
	if i == len(s) {
		return i
	}
	end := len(s)
	if q := strings.IndexByte(s[i:], '"'); q >= 0 {
		end = i + q
	}
	if b := strings.IndexByte(s[i:end], '\\'); b >= 0 {
		end = i + b
	}
	if c := indexControl(s[i:end]); c >= 0 {
		end = i + c
	}
	return end
}

// indexControl returns the index of the first byte below 0x20, or -1.
func indexControl(s string) int {
	i := 0
	for i+8 <= len(s) && !hasControlByte(swar.Load8(s, i)) {
		i += 8
	}
	for ; i < len(s); i++ {
		if s[i] < 0x20 {
			return i
		}
	}
	return -1
}

// hasControlByte reports whether one of the 8 bytes of x is below 0x20 (the SWAR "has byte
// less than" test: no false negatives).
func hasControlByte(x uint64) bool {
	return (x-swar.Ones*0x20)&^x&swar.Highs != 0
}

// hasZeroByte reports whether one of the 8 bytes of x is zero (exact, no false positives).
func hasZeroByte(x uint64) bool {
	return (x-swar.Ones)&^x&swar.Highs != 0
}

// lastIndexQuote is strings.LastIndexByte(s, '"') 8 bytes per step: the standard library's
// LastIndexByte is a byte loop, and the backward walk over a list spends most of its time in it.
func lastIndexQuote(s string) int {
	i := len(s)
	for i >= 8 && !hasZeroByte(swar.Load8(s, i-8)^(swar.Ones*'"')) {
		i -= 8
	}
	return strings.LastIndexByte(s[:i], '"')
}

// escapedStr finishes a string holding escapes, from its start; p.i is at the first backslash.
// The closing quote is found first so the builder is sized once (unescaping never lengthens
// the text), then the runs between escapes are copied whole.
func (p *jsonScanner) escapedStr(start int) string {
	end := closingQuote(p.s, p.i)
	if end < 0 {
		p.bad = true
		return ""
	}
	var b strings.Builder
	b.Grow(end - start)
	b.WriteString(p.s[start:p.i])
	for p.i < end {
		if p.s[p.i] == '\\' {
			if !p.unescape(&b) {
				p.bad = true
				return ""
			}
			continue
		}
		run := p.s[p.i:end]
		if k := strings.IndexByte(run, '\\'); k >= 0 {
			run = run[:k]
		}
		if indexControl(run) >= 0 {
			p.bad = true
			return ""
		}
		b.WriteString(run)
		p.i += len(run)
	}
	p.i = end + 1
	return b.String()
}

// closingQuote returns the index of the first quote at or after i that is not escaped, or -1.
func closingQuote(s string, i int) int {
	for {
		q := strings.IndexByte(s[i:], '"')
		if q < 0 {
			return -1
		}
		i += q
		if backslashesBefore(s, i)%2 == 0 {
			return i
		}
		i++
	}
}

// backslashesBefore counts the backslashes right before index i: a quote is escaped iff the
// count is odd (inside a string "\\" pairs are escaped backslashes, and valid JSON has no
// backslash outside strings).
func backslashesBefore(s string, i int) int {
	n := 0
	for i-n > 0 && s[i-n-1] == '\\' {
		n++
	}
	return n
}

// unescape writes the escape sequence at p.i and moves past it; false on an invalid one.
func (p *jsonScanner) unescape(b *strings.Builder) bool {
	if p.i+1 >= len(p.s) {
		return false
	}
	e := p.s[p.i+1]
	p.i += 2
	switch e {
	case '"', '\\', '/':
		b.WriteByte(e)
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'u':
		r, ok := p.hex4()
		if !ok {
			return false
		}
		if r >= 0xD800 && r < 0xDC00 && strings.HasPrefix(p.s[p.i:], "\\u") {
			// A high surrogate takes the next \u escape with it, paired or not.
			p.i += 2
			if lo, ok := p.hex4(); ok && lo >= 0xDC00 && lo < 0xE000 {
				r = (r-0xD800)<<10 + (lo - 0xDC00) + 0x10000
			} else {
				r = utf8.RuneError
			}
		} else if r >= 0xD800 && r < 0xE000 {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	default:
		return false
	}
	return true
}

// hex4 reads the four hex digits of a \u escape.
func (p *jsonScanner) hex4() (rune, bool) {
	if p.i+4 > len(p.s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(p.s[p.i : p.i+4]) {
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	p.i += 4
	return r, true
}

// skip passes over any value.
func (p *jsonScanner) skip() {
	switch p.peek() {
	case '"':
		p.str()
	case '{':
		p.object(func(string) { p.skip() })
	case '[':
		p.array(func() { p.skip() })
	case 0:
		p.bad = true
	default: // number, true, false, null
		start := p.i
		for p.i < len(p.s) {
			c := p.s[p.i]
			if c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\t' || c == '\r' {
				break
			}
			p.i++
		}
		if p.i == start {
			p.bad = true
		}
	}
}

// object walks {"k": v, …}; field must consume the value of key k.
func (p *jsonScanner) object(field func(key string)) {
	if p.depth >= maxJSONDepth || !p.consume('{') {
		p.bad = true
		return
	}
	p.depth++
	defer func() { p.depth-- }()
	if p.consume('}') {
		return
	}
	for !p.bad {
		k := p.str()
		if p.bad || !p.consume(':') {
			p.bad = true
			return
		}
		field(k)
		if p.consume(',') {
			continue
		}
		if !p.consume('}') {
			p.bad = true
		}
		return
	}
}

// array walks [v, …]; elem must consume one value.
func (p *jsonScanner) array(elem func()) {
	if p.depth >= maxJSONDepth || !p.consume('[') {
		p.bad = true
		return
	}
	p.depth++
	defer func() { p.depth-- }()
	if p.consume(']') {
		return
	}
	for !p.bad {
		elem()
		if p.consume(',') {
			continue
		}
		if !p.consume(']') {
			p.bad = true
		}
		return
	}
}
