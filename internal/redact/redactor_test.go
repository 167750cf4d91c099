package redact

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func allMask() Config {
	return Config{Emails: ModeMask, Phones: ModeMask, Cards: ModeMask, IPv4: ModeMask,
		APIKeys: ModeMask, AWSKeys: ModeMask, JWTs: ModeMask, BearerTokens: ModeMask}
}

func TestRedactMask(t *testing.T) {
	r := New(allMask())
	tests := []struct{ in, want string }{
		{"mail me at jane.doe+x@example.co.uk.", "mail me at [EMAIL]."},
		{"not an email: a@b, @home, x@localhost", "not an email: a@b, @home, x@localhost"},
		{"call +1 415 555 0100 now", "call [PHONE] now"},
		{"call (415) 555-0100", "call [PHONE]"},
		{"order 1234567 in 2024", "order 1234567 in 2024"},
		{"card 4111 1111 1111 1111 ok", "card [CARD] ok"},
		{"card 4111-1111-1111-1111", "card [CARD]"},
		{"card 4111111111111111", "card [CARD]"},
		{"not luhn, too long for a phone 4111111111111112", "not luhn, too long for a phone 4111111111111112"},
		{"host 192.168.1.20 and 10.0.0.1.", "host [IP] and [IP]."},
		{"version 1.2.3.4.5 and 999.1.1.1", "version 1.2.3.4.5 and 999.1.1.1"},
		{"key sk-proj-abcdefghijklmnopqrstuvwxyz0123", "key [API_KEY]"},
		{"short sk-abc", "short sk-abc"},
		{"task-sk-abcdefghijklmnopqrstuvwxyz", "task-sk-abcdefghijklmnopqrstuvwxyz"},
		{"aws AKIAIOSFODNN7EXAMPLE done", "aws [AWS_KEY] done"},
		{"jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_-x end", "jwt [JWT] end"},
		{"Authorization: Bearer abc.def-ghi_jkl", "Authorization: Bearer [TOKEN]"},
		{"bearer short", "bearer short"},
		{"Grüße, jane@example.com – 日本", "Grüße, [EMAIL] – 日本"},
		{"", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, changed := r.Redact(tc.in)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.want != tc.in, changed)
		})
	}
}

func TestLuhnAloneIsNotAPhone(t *testing.T) {
	// With phones off a non-Luhn 16-digit number stays.
	r := New(DefaultConfig())
	got, changed := r.Redact("id 4111111111111112 card 5500 0000 0000 0004")
	assert.True(t, changed)
	assert.Equal(t, "id 4111111111111112 card [CARD]", got)
}

func TestDefaultsMaskSecretsAndCardsOnly(t *testing.T) {
	r := New(DefaultConfig())
	in := "jane@example.com +1 415 555 0100 10.0.0.1 sk-abcdefghijklmnopqrstuvwx 4242424242424242"
	got, _ := r.Redact(in)
	assert.Equal(t, "jane@example.com +1 415 555 0100 10.0.0.1 [API_KEY] [CARD]", got)
}

func TestHashIsStableKeyedAndDigitFree(t *testing.T) {
	cfg := Config{Emails: ModeHash, Phones: ModeMask, HashKey: "k1"}
	r := New(cfg)
	a, _ := r.Redact("from jane@example.com")
	b, _ := r.Redact("again jane@example.com")
	require.True(t, strings.HasPrefix(a, "from [EMAIL:"))
	assert.Equal(t, a[len("from "):], b[len("again "):])
	assert.False(t, strings.ContainsAny(a, "0123456789"))
	cfg.HashKey = "k2"
	c, _ := New(cfg).Redact("from jane@example.com")
	assert.NotEqual(t, a, c)
}

func TestNoMatchDoesNotAllocate(t *testing.T) {
	r := New(allMask())
	s := strings.Repeat("How much does the Pro plan cost per month in 2026? ", 40)
	allocs := testing.AllocsPerRun(100, func() { _, _ = r.Redact(s) })
	assert.Zero(t, allocs)
}

func TestValidate(t *testing.T) {
	assert.NoError(t, DefaultConfig().Validate())
	assert.Error(t, Config{Emails: "scramble"}.Validate())
}

func FuzzRedact(f *testing.F) {
	for _, s := range []string{"jane@example.com", "+1 (415) 555-0100", "4111 1111 1111 1111", "10.0.0.1",
		"Bearer eyJa.eyJb.c", "sk-aaaaaaaaaaaaaaaaaaaaaaaa", "AKIAIOSFODNN7EXAMPLE", "@@..--", "\xff\xfe"} {
		f.Add(s)
	}
	r := New(allMask())
	h := New(Config{Emails: ModeHash, Phones: ModeHash, Cards: ModeHash, IPv4: ModeHash, APIKeys: ModeHash,
		AWSKeys: ModeHash, JWTs: ModeHash, BearerTokens: ModeHash})
	f.Fuzz(func(t *testing.T, s string) {
		for _, red := range []*Redactor{r, h} {
			out, changed := red.Redact(s)
			if !changed && out != s {
				t.Fatalf("unchanged flag but different output")
			}
			// Redaction is idempotent: markers never match again.
			again, _ := red.Redact(out)
			if again != out {
				t.Fatalf("not idempotent: %q → %q → %q", s, out, again)
			}
			if utf8.ValidString(s) && !utf8.ValidString(out) {
				t.Fatalf("broke UTF-8: %q → %q", s, out)
			}
		}
	})
}

func TestHasDigitAllBytes(t *testing.T) {
	for b := 0; b < 256; b++ {
		for pos := 0; pos < 8; pos++ {
			x := uint64(0x4141414141414141) // "AAAAAAAA"
			x &^= 0xff << (8 * pos)
			x |= uint64(b) << (8 * pos)
			want := b >= '0' && b <= '9'
			if got := hasDigit(x); got != want {
				t.Fatalf("byte %#x at %d: got %v", b, pos, got)
			}
		}
	}
}
