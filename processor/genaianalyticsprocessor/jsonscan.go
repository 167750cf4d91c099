package genaianalyticsprocessor

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxJSONDepth bounds recursion on hostile input ("[[[[…").
const maxJSONDepth = 32

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
// (len(s) if none): the quote and the backslash are found with the vectorized IndexByte, control
// characters 8 bytes per step, only up to the closing quote.
func plainRunEnd(s string, i int) int {
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
	for i+8 <= len(s) && !hasControlByte(load8(s, i)) {
		i += 8
	}
	for ; i < len(s); i++ {
		if s[i] < 0x20 {
			return i
		}
	}
	return -1
}

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

// hasControlByte reports whether one of the 8 bytes of x is below 0x20 (the SWAR "has byte
// less than" test: no false negatives).
func hasControlByte(x uint64) bool {
	return (x-swarOnes*0x20)&^x&swarHighs != 0
}

// escapedStr finishes a string holding escapes, from its start.
func (p *jsonScanner) escapedStr(start int) string {
	var b strings.Builder
	b.WriteString(p.s[start:p.i])
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return b.String()
		case c < 0x20:
			p.bad = true
			return ""
		case c != '\\':
			b.WriteByte(c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.s) {
			break
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
				p.bad = true
				return ""
			}
			if r >= 0xD800 && r < 0xDC00 && strings.HasPrefix(p.s[p.i:], "\\u") {
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
			p.bad = true
			return ""
		}
	}
	p.bad = true
	return ""
}

func (p *jsonScanner) hex4() (rune, bool) {
	if p.i+4 > len(p.s) {
		return 0, false
	}
	v, err := strconv.ParseUint(p.s[p.i:p.i+4], 16, 32)
	if err != nil {
		return 0, false
	}
	p.i += 4
	return rune(v), true
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
