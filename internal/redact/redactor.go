package redact

import (
	"crypto/hmac"
	"crypto/sha256"
	"strings"
)

// finder returns the next match in s at or after from, or start < 0.
type finder func(s string, from int) (start, end int)

type detector struct {
	label string
	mode  Mode
	find  finder
}

// Redactor applies the enabled detectors. It is immutable and safe for concurrent use.
type Redactor struct {
	detectors []detector
	hashKey   []byte
}

// New builds a redactor; detectors whose mode is off (or empty) are skipped.
func New(cfg Config) *Redactor {
	r := &Redactor{hashKey: []byte(cfg.HashKey)}
	// Order matters: detectors that take alphanumerics whole (tokens, keys, emails, IPs) run
	// before the digit-run scanners (cards, phones), so digits inside them are never read as a
	// card, and a second pass over the output finds nothing new (redaction is idempotent).
	// Markers contain no digits, '@' or key prefixes, so no detector matches a marker.
	for _, d := range []detector{
		{"TOKEN", cfg.BearerTokens, findBearer},
		{"JWT", cfg.JWTs, findJWT},
		{"API_KEY", cfg.APIKeys, findAPIKey},
		{"AWS_KEY", cfg.AWSKeys, findAWSKey},
		{"EMAIL", cfg.Emails, findEmail},
		{"IP", cfg.IPv4, findIPv4},
		{"CARD", cfg.Cards, findCard},
		{"PHONE", cfg.Phones, findPhone},
	} {
		if d.mode == ModeMask || d.mode == ModeHash {
			r.detectors = append(r.detectors, d)
		}
	}
	return r
}

// Enabled reports whether any detector is on.
func (r *Redactor) Enabled() bool { return r != nil && len(r.detectors) > 0 }

// Redact returns s with every detected value replaced, and whether anything was replaced.
func (r *Redactor) Redact(s string) (string, bool) {
	if r == nil {
		return s, false
	}
	changed := false
	for _, d := range r.detectors {
		start, end := d.find(s, 0)
		if start < 0 {
			continue
		}
		var b strings.Builder
		b.Grow(len(s))
		last := 0
		for start >= 0 {
			if start < last || end < start || end > len(s) { // defensive: never overlap
				break
			}
			b.WriteString(s[last:start])
			r.writeReplacement(&b, d, s[start:end])
			last = end
			start, end = d.find(s, end)
		}
		b.WriteString(s[last:])
		s = b.String()
		changed = true
	}
	return s, changed
}

func (r *Redactor) writeReplacement(b *strings.Builder, d detector, value string) {
	b.WriteByte('[')
	b.WriteString(d.label)
	if d.mode == ModeHash {
		b.WriteByte(':')
		var sum []byte
		if len(r.hashKey) > 0 {
			m := hmac.New(sha256.New, r.hashKey)
			m.Write([]byte(value))
			sum = m.Sum(nil)
		} else {
			s := sha256.Sum256([]byte(value))
			sum = s[:]
		}
		// Letters a–p only: a hash must not look like digits or a key to a later detector.
		for _, c := range sum[:6] {
			b.WriteByte('a' + c>>4)
			b.WriteByte('a' + c&0x0f)
		}
	}
	b.WriteByte(']')
}
