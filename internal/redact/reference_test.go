package redact

import "strings"

// The detectors as they were before their fast paths, kept as the reference the fast ones
// must agree with exactly (equivalence_test.go).

// referenceFinders maps a detector label to its reference finder; detectors without a
// fast path are their own reference.
var referenceFinders = map[string]finder{
	"CARD":    referenceFindCard,
	"TOKEN":   referenceFindBearer,
	"AWS_KEY": referenceFindAWSKey,
	"API_KEY": referenceFindAPIKey,
}

// referenceRedactor is New(cfg) with the reference finders.
func referenceRedactor(cfg Config) *Redactor {
	r := New(cfg)
	for i, d := range r.detectors {
		if f, ok := referenceFinders[d.label]; ok {
			r.detectors[i].find = f
		}
	}
	return r
}

// referenceFindCard is findCard stopping at every digit.
func referenceFindCard(s string, from int) (int, int) {
	for i := referenceNextDigit(s, from); i < len(s); i = referenceNextDigit(s, i+1) {
		if !wordStart(s, i) {
			continue
		}
		digits, end, j := 0, i, i
		var nums [19]byte
		for j < len(s) {
			if isDigit(s[j]) {
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

func referenceNextDigit(s string, i int) int {
	for i < len(s) && !isDigit(s[i]) {
		i++
	}
	return i
}

// referenceFindBearer searches each spelling of the scheme on its own.
func referenceFindBearer(s string, from int) (int, int) {
	for _, scheme := range [...]string{"Bearer", "bearer", "BEARER"} {
		start, end := referenceFindBearerScheme(s, from, scheme)
		if start >= 0 {
			for _, other := range [...]string{"Bearer", "bearer", "BEARER"} {
				if other != scheme {
					if s2, e2 := referenceFindBearerScheme(s[:start], from, other); s2 >= 0 {
						start, end = s2, e2
					}
				}
			}
			return start, end
		}
	}
	return -1, -1
}

func referenceFindBearerScheme(s string, from int, scheme string) (int, int) {
	for from < len(s) {
		k := strings.Index(s[from:], scheme)
		if k < 0 {
			return -1, -1
		}
		i := from + k
		from = i + len(scheme)
		if !wordStart(s, i) || from >= len(s) || (s[from] != ' ' && s[from] != '\t') {
			continue
		}
		start := run(s, from, func(c byte) bool { return c == ' ' || c == '\t' })
		end := run(s, start, isTokenChar)
		if end-start >= 8 {
			return start, end
		}
	}
	return -1, -1
}

// referenceFindAWSKey searches each prefix on its own.
func referenceFindAWSKey(s string, from int) (int, int) {
	a := referenceAWSFrom(s, from, "AKIA")
	b := referenceAWSFrom(s, from, "ASIA")
	if a < 0 || (b >= 0 && b < a) {
		a = b
	}
	if a < 0 {
		return -1, -1
	}
	return a, a + 20
}

func referenceAWSFrom(s string, from int, prefix string) int {
	for from < len(s) {
		k := strings.Index(s[from:], prefix)
		if k < 0 {
			return -1
		}
		i := from + k
		from = i + 1
		if i+20 <= len(s) && wordStart(s, i) && run(s, i+4, isUpperAlnum)-i == 20 {
			return i
		}
	}
	return -1
}

// referenceFindAPIKey searches "AIza" with strings.Index.
func referenceFindAPIKey(s string, from int) (int, int) {
	bestStart, bestEnd := -1, -1
	seps := newSeparators(s, from)
	for sep := seps.next(); sep >= 0; sep = seps.next() {
		if start, end, ok := referenceKeyEndingAt(s, from, sep); ok {
			bestStart, bestEnd = start, end
			break
		}
	}
	for at := from; at < len(s); {
		k := strings.Index(s[at:], "AIza")
		if k < 0 || (bestStart >= 0 && at+k >= bestStart) {
			break
		}
		start := at + k
		at = start + 4
		if end := run(s, at, isB64URL); (start == 0 || !isB64URL(s[start-1])) && end-at >= 35 {
			return start, end
		}
	}
	return bestStart, bestEnd
}

// referenceKeyEndingAt looks each prefix up through apiKeyPrefixes.
func referenceKeyEndingAt(s string, from, sep int) (int, int, bool) {
	type at struct{ prefix, off int }
	var cands []at
	for i, p := range apiKeyPrefixes {
		for off := 0; off < len(p.prefix); off++ {
			if p.prefix[off] == s[sep] {
				cands = append(cands, at{i, off})
			}
		}
	}
	for _, c := range cands {
		p := apiKeyPrefixes[c.prefix]
		start := sep - c.off
		if start < from || start+len(p.prefix) > len(s) || s[sep-1] != p.prefix[c.off-1] ||
			s[start:start+len(p.prefix)] != p.prefix {
			continue
		}
		if start > 0 && isB64URL(s[start-1]) {
			continue
		}
		body := start + len(p.prefix)
		if end := run(s, body, isB64URL); end-body >= p.min {
			return start, end, true
		}
	}
	return -1, -1, false
}
