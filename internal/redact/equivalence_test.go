package redact

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// equivalenceConfigs are the configurations the fast paths are checked under.
func equivalenceConfigs() map[string]Config {
	return map[string]Config{
		"default": DefaultConfig(),
		"all":     allMask(),
		"hash": {Emails: ModeHash, Phones: ModeHash, Cards: ModeHash, IPv4: ModeHash, APIKeys: ModeHash,
			AWSKeys: ModeHash, JWTs: ModeHash, BearerTokens: ModeHash, HashKey: "k"},
	}
}

// adversarialPieces are fragments around the detectors' edges: cards with every separator and
// length, digit runs next to letters, key prefixes, bearer spellings.
var adversarialPieces = []string{
	"4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "5500 0000 0000 0004",
	"4242424242424242", "41111111111111111111", "4111111111111112", "378282246310005",
	"1-2-3-4-5-6-7-8-9-0-1-2-3", "12345678901234567890", "2024-07-18", "99.9%", "$20",
	"+1 415 555 0100", "(415) 555-0100", "10.0.0.1", "x4111111111111111", "4111111111111111x",
	"Bearer abcdefgh", "bearer\tabcdefghijk", "BEARER  x.y-z_w~+/=", "Bearer short",
	"sk-abcdefghijklmnopqrstuvwx", "ghp_abcdefghijklmnopqrstuvwxyz0123456", "AKIAIOSFODNN7EXAMPLE",
	"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "jane@example.com", " ", "-", "--", "  ", "\n",
	"é", "\xff", "a", "Z", "0", "9", ".", "_", "\t",
	"bearer Bearer abcdefghij", "x-Bearer abcdefghij", "BearerBearer abcdefghij", "Bearer\t \tabcdefgh",
	"bEARER abcdefghij", "BEARER", "bearer ", "ASIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE1",
	"xAKIAIOSFODNN7EXAMPLE", "AAKIAIOSFODNN7EXAMPLE", "ASIA", "AKIA",
	"AIzaSyA-abcdefghijklmnopqrstuvwxyz_012345", "xAIzaSyAabcdefghijklmnopqrstuvwxyz0123456", "AIza", "AIz", "Iza", "zAIza",
	"AIzaAIzaSyAabcdefghijklmnopqrstuvwxyz012345678",
	"sk_live_abcdefghijklmnop", "sk_test_abcdefghijklmnop", "rk_live_abcdefghijklmnop", "xoxb-abcdefghijklmnopqrst",
	"xoxp-abcdefghijklmnopqrst", "glpat-abcdefghijklmnopqrst", "github_pat_abcdefghijklmnopqrstuvwxyz0123",
	"gho_abcdefghijklmnopqrstuvwxyz0123", "ghs_abcdefghijklmnopqrstuvwxyz0123", "sk-", "sk_", "pat_", "b-", "k_",
}

// randomText joins random adversarial pieces and random bytes from a digit-heavy alphabet.
func randomText(rng *rand.Rand) string {
	const alphabet = "0123456789 -- ..abB(+)@_eyJ\nAKISEer\tRkpt_-"
	var b strings.Builder
	for n := rng.IntN(24); n > 0; n-- {
		if rng.IntN(3) == 0 {
			b.WriteString(adversarialPieces[rng.IntN(len(adversarialPieces))])
			continue
		}
		for m := rng.IntN(20); m > 0; m-- {
			b.WriteByte(alphabet[rng.IntN(len(alphabet))])
		}
	}
	return b.String()
}

// assertSameAsReference checks every fast finder from every offset, and Redact under every
// configuration, against the reference implementation.
func assertSameAsReference(t *testing.T, s string) {
	t.Helper()
	fast := map[string]finder{"CARD": findCard, "TOKEN": findBearer, "AWS_KEY": findAWSKey, "API_KEY": findAPIKey}
	for label, ref := range referenceFinders {
		for from := 0; from <= len(s); from++ {
			gs, ge := fast[label](s, from)
			ws, we := ref(s, from)
			if gs != ws || ge != we {
				t.Fatalf("%s(%q, %d) = (%d, %d), reference (%d, %d)", label, s, from, gs, ge, ws, we)
			}
		}
	}
	for name, cfg := range equivalenceConfigs() {
		got, gotChanged := New(cfg).Redact(s)
		want, wantChanged := referenceRedactor(cfg).Redact(s)
		if got != want || gotChanged != wantChanged {
			t.Fatalf("%s: Redact(%q) = %q, %v; reference %q, %v", name, s, got, gotChanged, want, wantChanged)
		}
	}
}

func TestFastFindersMatchReference(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"empty", ""},
		{"bench text", benchText},
		{"hyphenated", hyphenText},
		{"card at the end", strings.Repeat("word ", 9) + "4111 1111 1111 1111"},
		{"card at the start", "4111-1111-1111-1111 " + strings.Repeat("word ", 9)},
		{"card after prose digits", strings.Repeat("plan $20, 99.9% ", 5) + "card 4242424242424242 ok"},
		{"too long run then card", "12345678901234567890 4111111111111111"},
		{"suffix of a long run", "1234 5678 9012 3456 7890 1234"},
		{"dashes and digits", strings.Repeat("-1-", 40) + "4111111111111111"},
		{"spaces and digits", strings.Repeat(" 1 ", 40) + "5500 0000 0000 0004"},
		{"card glued to a word", "abc4111111111111111 4111111111111111def"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { assertSameAsReference(t, tc.in) })
	}
}

// TestFastFindersMatchReferenceEdges places values at every offset of a long prose stretch, so
// each lands on every lane of skipCardless's 16-byte window and either side of its steps, and
// mixes the bearer spellings (the lowercase match bounds the scan for 'B').
func TestFastFindersMatchReferenceEdges(t *testing.T) {
	prose := strings.Repeat("the Pro plan, billed by a Business admin. ", 3)
	for _, value := range []string{"4111111111111111", "4111 1111 1111 1111", "5500-0000-0000-0004", "7", "12 34",
		"1234567890123", "Bearer abcdefghij", "bearer abcdefghij", "BEARER abcdefghij"} {
		for k := 0; k <= 60; k++ {
			assertSameAsReference(t, prose[:k]+value+prose[k:])
		}
	}
	for _, in := range []string{
		"bearer abcdefghij Bearer abcdefghij", "Bearer abcdefghij bearer abcdefghij",
		"BEARER abcdefghij bearer abcdefghij", "bearer short Bearer abcdefghij", "Bearer short bearer abcdefghij",
		"xbearer abcdefghij BEARER abcdefghij", "bearer", "Bearer", "BEARE", "bearer\tabcdefghij", "b", "B",
	} {
		assertSameAsReference(t, in)
	}
}

func TestFastFindersMatchReferenceRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 1500; i++ {
		assertSameAsReference(t, randomText(rng))
	}
}

func FuzzFastFindersMatchReference(f *testing.F) {
	for _, s := range adversarialPieces {
		f.Add(s)
	}
	f.Add(benchText[:200])
	f.Add("id 4111111111111112 card 5500 0000 0000 0004")
	f.Fuzz(func(t *testing.T, s string) { assertSameAsReference(t, s) })
}
