package redact

import "strings"

func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isAlnum(c byte) bool      { return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isUpperAlnum(c byte) bool { return isDigit(c) || c >= 'A' && c <= 'Z' }
func isB64URL(c byte) bool     { return isAlnum(c) || c == '-' || c == '_' }
func isTokenChar(c byte) bool {
	return isAlnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '+' || c == '/' || c == '='
}

// wordStart reports whether position i does not continue an alphanumeric word.
func wordStart(s string, i int) bool { return i == 0 || !isAlnum(s[i-1]) }

// run returns the end of the run of chars accepted by ok starting at i.
func run(s string, i int, ok func(byte) bool) int {
	for i < len(s) && ok(s[i]) {
		i++
	}
	return i
}

// findBearer matches the credential after "Bearer " / "bearer " / "BEARER " (the spellings
// seen in headers and pasted commands), keeping the scheme word. Searching from the rare 'B'/'b'
// is much cheaper than from the common 'e' of a case-insensitive search; one scan for 'B'
// serves both spellings that start with it. The earliest scheme word with a credential wins,
// so the lowercase match bounds the scan for 'B' (the two never share a position).
func findBearer(s string, from int) (int, int) {
	start, end, at := firstBearer(s, from, len(s), 'b')
	if upStart, upEnd, _ := firstBearer(s, from, at, 'B'); upStart >= 0 {
		return upStart, upEnd
	}
	return start, end
}

// firstBearer returns the credential of the first scheme word starting with first in
// [from, limit), and where that word is (limit when there is none). Each 'b' of prose ends one
// IndexByte; the check after it is inlined constant compares, so a miss costs little more.
func firstBearer(s string, from, limit int, first byte) (start, end, at int) {
	for i := from; i < limit; i++ {
		k := strings.IndexByte(s[i:limit], first)
		if k < 0 {
			break
		}
		i += k
		if isBearerWord(s[i:min(i+len("bearer"), len(s))]) {
			if start, end, ok := bearerCredential(s, i); ok {
				return start, end, i
			}
		}
	}
	return -1, -1, limit
}

func isBearerWord(w string) bool { return w == "bearer" || w == "Bearer" || w == "BEARER" }

// bearerCredential checks the scheme word at i: a word of its own, then spaces or tabs, then a
// credential of 8+ token characters.
func bearerCredential(s string, i int) (int, int, bool) {
	after := i + len("bearer")
	if !wordStart(s, i) || after >= len(s) || (s[after] != ' ' && s[after] != '\t') {
		return -1, -1, false
	}
	start := run(s, after, func(c byte) bool { return c == ' ' || c == '\t' })
	end := run(s, start, isTokenChar)
	return start, end, end-start >= 8
}

// findJWT matches header.payload.signature where the header is base64url JSON ("eyJ"). It
// scans for the rare byte 'J' (SIMD IndexByte) rather than the common 'e'.
func findJWT(s string, from int) (int, int) {
	for from < len(s) {
		k := strings.IndexByte(s[from:], 'J')
		if k < 0 {
			return -1, -1
		}
		j := from + k
		from = j + 1
		start := j - 2
		if start < 0 || s[start] != 'e' || s[start+1] != 'y' || (start > 0 && isB64URL(s[start-1])) {
			continue
		}
		end := run(s, start, isB64URL)
		for part := 0; part < 2; part++ {
			if end >= len(s) || s[end] != '.' {
				end = -1
				break
			}
			next := run(s, end+1, isB64URL)
			if next == end+1 {
				end = -1
				break
			}
			end = next
		}
		if end > 0 {
			return start, end
		}
	}
	return -1, -1
}

// apiKeyPrefixes are well-known secret-key prefixes with the minimum length of what follows.
var apiKeyPrefixes = []struct {
	prefix string
	min    int
}{
	{"sk-", 20}, {"sk_live_", 16}, {"sk_test_", 16}, {"rk_live_", 16}, {"ghp_", 30}, {"gho_", 30},
	{"ghs_", 30}, {"github_pat_", 30}, {"glpat-", 20}, {"xoxb-", 20}, {"xoxp-", 20},
}

// findAPIKey finds the earliest key prefix. Every prefix but AIza holds '-' or '_', so it scans
// for those separators (rare in prose) and looks back for a prefix ending there.
func findAPIKey(s string, from int) (int, int) {
	bestStart, bestEnd := -1, -1
	seps := newSeparators(s, from)
	for sep := seps.next(); sep >= 0; sep = seps.next() {
		if start, end, ok := keyEndingAt(s, from, sep); ok {
			bestStart, bestEnd = start, end
			break
		}
	}
	for at := from; at < len(s); {
		start := indexAIza(s, at)
		if start < 0 || (bestStart >= 0 && start >= bestStart) {
			break
		}
		at = start + 4
		if end := run(s, at, isB64URL); (start == 0 || !isB64URL(s[start-1])) && end-at >= 35 {
			return start, end
		}
	}
	return bestStart, bestEnd
}

// indexAIza is the position of the first "AIza" at or after at, or -1. It scans for the rare
// 'z' rather than the 'A' strings.Index would (capitals start many words).
func indexAIza(s string, at int) int {
	for z := at + 2; z < len(s); {
		k := strings.IndexByte(s[z:], 'z')
		if k < 0 {
			return -1
		}
		z += k
		if z+1 < len(s) && s[z+1] == 'a' && s[z-2] == 'A' && s[z-1] == 'I' {
			return z - 2
		}
		z++
	}
	return -1
}

// separators yields the positions of '-' and '_' in order. Each byte is searched for once:
// looking for both from every separator would rescan the text up to the next '_' after each
// '-' (quadratic on hyphenated text without underscores).
type separators struct {
	s           string
	dash, under int // next position of each, -1 when none is left
}

func newSeparators(s string, from int) separators {
	return separators{s: s, dash: indexByteFrom(s, from, '-'), under: indexByteFrom(s, from, '_')}
}

func (p *separators) next() int {
	switch {
	case p.dash < 0 && p.under < 0:
		return -1
	case p.under < 0 || p.dash >= 0 && p.dash < p.under:
		at := p.dash
		p.dash = indexByteFrom(p.s, at+1, '-')
		return at
	}
	at := p.under
	p.under = indexByteFrom(p.s, at+1, '_')
	return at
}

func indexByteFrom(s string, from int, c byte) int {
	if from > len(s) {
		return -1
	}
	if k := strings.IndexByte(s[from:], c); k >= 0 {
		return from + k
	}
	return -1
}

// keyEndingAt checks the prefixes holding the separator at sep, at the offsets where they do.
func keyEndingAt(s string, from, sep int) (int, int, bool) {
	cands := underscoreInPrefixes
	if s[sep] == '-' {
		cands = dashInPrefixes
	}
	for i := range cands {
		c := &cands[i]
		start := sep - c.off
		if start < from || s[sep-1] != c.before || start+len(c.prefix) > len(s) ||
			s[start:start+len(c.prefix)] != c.prefix {
			continue
		}
		if start > 0 && isB64URL(s[start-1]) {
			continue
		}
		body := start + len(c.prefix)
		if end := run(s, body, isB64URL); end-body >= c.min {
			return start, end, true
		}
	}
	return -1, -1, false
}

// separatorAt is where a separator byte occurs in a key prefix, with what keyEndingAt checks
// copied in: on hyphenated text it runs at every '-', and looking the prefix up through
// apiKeyPrefixes cost more than the checks.
type separatorAt struct {
	prefix string
	min    int  // the minimum length of what follows the prefix
	off    int  // where the separator sits in prefix (>= 1: no prefix starts with one)
	before byte // prefix[off-1], which rejects most separators at once
}

// dashInPrefixes and underscoreInPrefixes list every '-' / '_' of the key prefixes, in prefix
// then offset order (the order keyEndingAt tries them). Read-only after init.
var dashInPrefixes, underscoreInPrefixes = separatorsInPrefixes('-'), separatorsInPrefixes('_')

func separatorsInPrefixes(sep byte) []separatorAt {
	var out []separatorAt
	for _, p := range apiKeyPrefixes {
		for off := 1; off < len(p.prefix); off++ {
			if p.prefix[off] == sep {
				out = append(out, separatorAt{prefix: p.prefix, min: p.min, off: off, before: p.prefix[off-1]})
			}
		}
	}
	return out
}

// findAWSKey matches AKIA/ASIA followed by 16 upper-case alphanumerics. One scan for the
// rare byte 'A' serves both prefixes.
func findAWSKey(s string, from int) (int, int) {
	for from < len(s) {
		k := strings.IndexByte(s[from:], 'A')
		if k < 0 {
			return -1, -1
		}
		i := from + k
		from = i + 1
		if i+20 <= len(s) && (s[i+1:i+4] == "KIA" || s[i+1:i+4] == "SIA") && wordStart(s, i) &&
			run(s, i+4, isUpperAlnum)-i == 20 {
			return i, i + 20
		}
	}
	return -1, -1
}

// findCard matches 13–19 digits, optionally grouped by single spaces or dashes, that pass the
// Luhn check.
func findCard(s string, from int) (int, int) {
	for i := nextDigit(s, skipCardless(s, from)); i < len(s); i = nextDigit(s, skipCardless(s, i+1)) {
		if !wordStart(s, i) {
			continue
		}
		digits, end, j := 0, i, i
		var nums [19]byte
		for j < len(s) {
			if isDigit(s[j]) {
				// Past 19 digits the whole run is not a card (nor is any part of it): keep
				// walking to its end so no suffix is taken for one.
				if digits < 19 {
					nums[digits] = s[j] - '0'
				}
				digits++
				j++
				end = j
				continue
			}
			if (s[j] == ' ' || s[j] == '-') && j+1 < len(s) && isDigit(s[j+1]) {
				j++
				continue
			}
			break
		}
		if digits >= 13 && digits <= 19 && (end == len(s) || !isAlnum(s[end])) && luhn(nums[:digits]) {
			return i, end
		}
		i = end
	}
	return -1, -1
}

func luhn(d []byte) bool {
	sum := 0
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i])
		if (len(d)-1-i)%2 == 1 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return sum%10 == 0
}

func isEmailLocal(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}
func isDomainChar(c byte) bool { return isAlnum(c) || c == '-' || c == '.' }

// findEmail matches local@domain.tld around each '@'.
func findEmail(s string, from int) (int, int) {
	lo := from // the local part must not reach back into an earlier match
	for from < len(s) {
		k := strings.IndexByte(s[from:], '@')
		if k < 0 {
			return -1, -1
		}
		at := from + k
		from = at + 1
		start := at
		for start > lo && isEmailLocal(s[start-1]) {
			start--
		}
		end := run(s, at+1, isDomainChar)
		for end > at+1 && (s[end-1] == '.' || s[end-1] == '-') {
			end--
		}
		dot := strings.LastIndexByte(s[at+1:end], '.')
		if start == at || dot <= 0 || end-(at+1+dot+1) < 2 {
			continue
		}
		return start, end
	}
	return -1, -1
}

// findIPv4 matches four dot-separated octets 0–255.
func findIPv4(s string, from int) (int, int) {
	for i := from; i < len(s); i++ {
		if !isDigit(s[i]) || (i > 0 && (isAlnum(s[i-1]) || s[i-1] == '.')) {
			continue
		}
		j, ok := i, true
		for octet := 0; octet < 4 && ok; octet++ {
			if octet > 0 {
				if j >= len(s) || s[j] != '.' {
					ok = false
					break
				}
				j++
			}
			n, k := 0, j
			for k < len(s) && isDigit(s[k]) && k-j < 3 {
				n = n*10 + int(s[k]-'0')
				k++
			}
			if k == j || n > 255 {
				ok = false
			}
			j = k
		}
		if ok && (j == len(s) || !(isAlnum(s[j]) || s[j] == '.' && j+1 < len(s) && isDigit(s[j+1]))) {
			return i, j
		}
		i = run(s, i, func(c byte) bool { return isDigit(c) || c == '.' }) - 1
	}
	return -1, -1
}

// findPhone matches 7–15 digits grouped by single spaces, dashes or parentheses, starting with
// '+' or a digit. To spare ordinary numbers (order ids, years), a match needs a leading '+', a
// separator, or at least 10 digits.
func findPhone(s string, from int) (int, int) {
	for i := from; i < len(s); i++ {
		c := s[i]
		if !(isDigit(c) || c == '+' || c == '(') || !wordStart(s, i) {
			continue
		}
		digits, seps, end, j := 0, 0, -1, i
		plus := c == '+'
		if plus || c == '(' {
			j++
		}
		for j < len(s) {
			switch {
			case isDigit(s[j]):
				digits++
				j++
				end = j
				continue
			case (s[j] == ' ' || s[j] == '-' || s[j] == '(' || s[j] == ')') && j+1 < len(s) && (isDigit(s[j+1]) || s[j+1] == '(' || s[j] == ')' && s[j+1] == ' '):
				seps++
				j++
				continue
			}
			break
		}
		// The match must not run into another phone-like start ('+', '('): once masked, that
		// start would follow ']' and match on a second pass (redaction must be idempotent).
		if end > 0 && digits >= 7 && digits <= 15 && (plus || seps > 0 || digits >= 10) &&
			(end == len(s) || !isAlnum(s[end]) && s[end] != '+' && s[end] != '(') {
			return i, end
		}
		if end > i {
			i = end
		}
	}
	return -1, -1
}
