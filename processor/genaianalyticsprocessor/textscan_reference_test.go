package genaianalyticsprocessor

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The functions below are foldText, categorize and containsPhrase as they were before their
// single-pass and word-at-a-time rewrites (containsPhrase with the one-byte phrase fix). The
// tests and fuzz targets check the current ones against them; the benchmarks time both.

func referenceFoldText(dst []byte, s string) []byte {
	space := true
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			var n int
			dst, n, space = referenceFoldASCIIRun(dst, s[i:], space)
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

func referenceFoldASCIIRun(dst []byte, s string, space bool) ([]byte, int, bool) {
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

func referenceCategorize(c *categorizer, query string, folded []byte) string {
	if len(folded) == 0 {
		return ""
	}
	for i, r := range c.rules {
		for k, word := range c.keywords.words {
			if c.ruleOf[k] == i && referenceContainsWord(folded, word) {
				return r.category
			}
		}
		for _, re := range r.regexes {
			if re.MatchString(query) {
				return r.category
			}
		}
	}
	return c.fallback
}

func referenceContainsWord(text, word []byte) bool {
	for from := 0; from <= len(text)-len(word); {
		i := bytes.Index(text[from:], word)
		if i < 0 {
			return false
		}
		start := from + i
		end := start + len(word)
		if (start == 0 || !isWordByte(text[start-1])) && (end == len(text) || !isWordByte(text[end])) {
			return true
		}
		from = start + 1
	}
	return false
}

// referencePhrases is the phrase set of zeroResultDetector with its pair filter.
type referencePhrases struct {
	phrases [][]byte
	starts  [1024]uint64
}

func newReferencePhrases(phrases []string) *referencePhrases {
	d := &referencePhrases{}
	for _, p := range phrases {
		f := foldText(nil, p)
		if len(f) == 0 {
			continue
		}
		d.phrases = append(d.phrases, f)
		if len(f) > 1 {
			d.starts[pairOf(f, 0)>>6] |= 1 << (pairOf(f, 0) & 63)
			continue
		}
		for b := range 256 {
			p := uint16(f[0])<<8 | uint16(b)
			d.starts[p>>6] |= 1 << (p & 63)
		}
	}
	return d
}

func (d *referencePhrases) containsPhrase(folded []byte) bool {
	for i := 0; i < len(folded); i++ {
		if i > 0 && isWordByte(folded[i-1]) {
			continue
		}
		pair := pairOf(folded, i)
		if d.starts[pair>>6]&(1<<(pair&63)) == 0 {
			continue
		}
		for _, p := range d.phrases {
			if bytes.HasPrefix(folded[i:], p) {
				return true
			}
		}
	}
	return false
}

// textPieces build the random texts: words of the default keywords and phrases, cases,
// whitespace runs, typographic quotes, non-ASCII letters, punctuation and invalid UTF-8.
var textPieces = []string{
	"I don't know", "I DON’T KNOW", "no result", "No Results", "unable to find", "nothing",
	"price", "PRICE", "prices", "cost", "costs", "plans", "not working", "not  working", "can",
	"can't", "support", "error", "x", "?", "q", "n", "é", "É", "ß", "İ", "日本", "\xff", "\xe2\x80",
	" ", "  ", "\n", "\t", "\r\n", "\v", "\f", "\u00a0", "\u2028", "’", "‘", "ʼ", "'", "\"", "(",
	")", ".", ",", "-", "_", "0", "42", "a1", "Z", "AbCdEfGhIj", "abcdefghijklmnop", "\x00",
}

// textScanCases is the loadgen text and random concatenations of textPieces.
func textScanCases(tb testing.TB) []string {
	queries, responses := loadgenTexts(tb, 300)
	cases := append(append([]string{""}, queries...), responses...)
	cases = append(cases, textPieces...)
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		var b strings.Builder
		for n := rng.IntN(24); n > 0; n-- {
			b.WriteString(textPieces[rng.IntN(len(textPieces))])
		}
		cases = append(cases, b.String())
	}
	return cases
}

// scanTestPhrases are the phrases and keywords of the equivalence tests: the defaults plus
// one-byte, punctuation-led and non-ASCII ones.
var scanTestPhrases = []string{"x", "?", "q", "n", "(no", "é", "日本", "\"price", "a1", "nothing"}

func scanTestDetectors(tb testing.TB) (*zeroResultDetector, *referencePhrases, []*categorizer) {
	tb.Helper()
	phrases := append(append([]string(nil), defaultZeroResultPhrases...), scanTestPhrases...)
	zero, err := newZeroResultDetector(ZeroResultConfig{Phrases: phrases})
	if err != nil {
		tb.Fatal(err)
	}
	extra := CategoriesConfig{Default: "other", Rules: []CategoryRule{
		{Category: "one-byte", Keywords: []string{"x", "?"}},
		{Category: "regex", Regexes: []string{`(?i)\bnothing\b`}},
		{Category: "odd", Keywords: []string{"(no", "é", "日本", "\"price", "a1", "not  working"}},
	}}
	extra.Rules = append(extra.Rules, createDefaultConfig().Categories.Rules...)
	var cats []*categorizer
	for _, cfg := range []CategoriesConfig{createDefaultConfig().Categories, extra} {
		c, err := newCategorizer(cfg)
		if err != nil {
			tb.Fatal(err)
		}
		cats = append(cats, c)
	}
	return zero, newReferencePhrases(phrases), cats
}

// checkTextScan compares fold, categorize and containsPhrase with the references on s.
func checkTextScan(t *testing.T, s string, zero *zeroResultDetector, ref *referencePhrases, cats []*categorizer) {
	t.Helper()
	folded, want := foldText([]byte("prefix"), s), referenceFoldText([]byte("prefix"), s)
	if !bytes.Equal(folded, want) {
		t.Fatalf("foldText(%q) = %q, reference %q", s, folded, want)
	}
	folded = folded[len("prefix"):]
	for _, text := range [][]byte{folded, []byte(s)} { // raw text too: any bytes, upper case included
		if got, want := zero.containsPhrase(text), ref.containsPhrase(text); got != want {
			t.Fatalf("containsPhrase(%q) = %v, reference %v", text, got, want)
		}
		for _, c := range cats {
			if got, want := c.categorize(s, text), referenceCategorize(c, s, text); got != want {
				t.Fatalf("categorize(%q) = %q, reference %q", text, got, want)
			}
		}
	}
}

func TestTextScanMatchesReference(t *testing.T) {
	zero, ref, cats := scanTestDetectors(t)
	for _, s := range textScanCases(t) {
		checkTextScan(t, s, zero, ref, cats)
	}
}

func FuzzTextScanMatchesReference(f *testing.F) {
	for _, s := range textPieces {
		f.Add(s)
	}
	f.Add("I don't know the PRICE, sorry.\n\nNo  results?")
	zero, ref, cats := scanTestDetectors(f)
	f.Fuzz(func(t *testing.T, s string) {
		checkTextScan(t, s, zero, ref, cats)
	})
}

// BenchmarkTextScanLoadgenReference is BenchmarkTextScanLoadgen with the reference functions,
// for same-binary comparisons.
func BenchmarkTextScanLoadgenReference(b *testing.B) {
	cfg := createDefaultConfig()
	cat, err := newCategorizer(cfg.Categories)
	if err != nil {
		b.Fatal(err)
	}
	benchTextScan(b, textScanFuncs{
		fold:           referenceFoldText,
		categorize:     func(q string, folded []byte) string { return referenceCategorize(cat, q, folded) },
		containsPhrase: newReferencePhrases(cfg.ZeroResult.Phrases).containsPhrase,
	})
}
