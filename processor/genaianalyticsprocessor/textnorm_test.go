package genaianalyticsprocessor

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// referenceFingerprint is fingerprint as it was before its ASCII fast path: one decoded rune
// at a time through package unicode.
func referenceFingerprint(query string) uint64 {
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

var fingerprintPieces = []string{
	"What's", "the", "PRICE", "of", "plan", "2", "3", "?", " ", "  ", "\n", "\t", "’", "‘", "ʼ", "'",
	"Grüße", "ÉCOLE", "日本語", "İstanbul", "ǅ", "ß", "\xff", "\xe2\x80", "\ufffd", "99.9%", "$20", "a1b2",
	"", "-", "_", "x",
}

func TestFingerprintMatchesReference(t *testing.T) {
	for _, q := range append([]string{"", "?!", benchQuery(), "What's the price of plan 2?", "what’s the PRICE of   plan 3"},
		fingerprintPieces...) {
		if got, want := fingerprint(q), referenceFingerprint(q); got != want {
			t.Fatalf("fingerprint(%q) = %d, reference %d", q, got, want)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 5000; i++ {
		q := randomPieces(rng, 12)
		if got, want := fingerprint(q), referenceFingerprint(q); got != want {
			t.Fatalf("fingerprint(%q) = %d, reference %d", q, got, want)
		}
	}
}

func FuzzFingerprintMatchesReference(f *testing.F) {
	for _, s := range fingerprintPieces {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if got, want := fingerprint(q), referenceFingerprint(q); got != want {
			t.Fatalf("fingerprint(%q) = %d, reference %d", q, got, want)
		}
	})
}

// benchQuery is the query text of the benchmark spans.
func benchQuery() string {
	return "How much does the Pro plan cost per month if we pay yearly, and does it include SSO and audit logs for every member of the team?"
}

func TestRuneCountMatchesUTF8(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 5000; i++ {
		s := randomPieces(rng, 24)
		if got, want := runeCount(s), utf8.RuneCountInString(s); got != want {
			t.Fatalf("runeCount(%q) = %d, utf8 %d", s, got, want)
		}
	}
}

func FuzzRuneCountMatchesUTF8(f *testing.F) {
	for _, s := range fingerprintPieces {
		f.Add(s + benchQuery())
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := runeCount(s), utf8.RuneCountInString(s); got != want {
			t.Fatalf("runeCount(%q) = %d, utf8 %d", s, got, want)
		}
	})
}

// randomPieces joins fewer than n random fingerprintPieces.
func randomPieces(rng *rand.Rand, n int) string {
	var b strings.Builder
	for n := rng.IntN(n); n > 0; n-- {
		b.WriteString(fingerprintPieces[rng.IntN(len(fingerprintPieces))])
	}
	return b.String()
}
