package genaianalyticsprocessor

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"regexp"
)

// categorizer assigns a query category: the first rule with a matching keyword (whole words,
// case- and apostrophe-insensitive) or regex wins.
type categorizer struct {
	rules    []compiledRule
	keywords wordStarts // every rule's keywords, in rule order
	ruleOf   []int      // rule index of each keyword of keywords
	fallback string
}

type compiledRule struct {
	category string
	regexes  []*regexp.Regexp
}

func newCategorizer(cfg CategoriesConfig) (*categorizer, error) {
	c := &categorizer{fallback: cfg.Default}
	for i, r := range cfg.Rules {
		cr := compiledRule{category: r.Category}
		for _, k := range r.Keywords {
			if f := foldText(nil, k); len(f) > 0 {
				c.keywords.add(f)
				c.ruleOf = append(c.ruleOf, i)
			}
		}
		for j, expr := range r.Regexes {
			re, err := regexp.Compile(expr)
			if err != nil {
				return nil, fmt.Errorf("categories.rules[%d].regexes[%d]: %w", i, j, err)
			}
			cr.regexes = append(cr.regexes, re)
		}
		c.rules = append(c.rules, cr)
	}
	return c, nil
}

// categorize returns the category of a query; folded is the query run through foldText. One
// pass finds the first rule with a keyword match; only the regexes of the rules before it can
// still win.
func (c *categorizer) categorize(query string, folded []byte) string {
	if len(folded) == 0 {
		return ""
	}
	first := c.firstKeywordRule(folded)
	for _, r := range c.rules[:first] {
		for _, re := range r.regexes {
			if re.MatchString(query) {
				return r.category
			}
		}
	}
	if first < len(c.rules) {
		return c.rules[first].category
	}
	return c.fallback
}

// firstKeywordRule is the index of the first rule with a keyword in folded as a whole word, or
// len(c.rules).
func (c *categorizer) firstKeywordRule(folded []byte) int {
	first := len(c.rules)
	c.keywords.find(folded, func(at, k int) bool {
		end := at + len(c.keywords.words[k])
		if end == len(folded) || !isWordByte(folded[end]) {
			first = min(first, c.ruleOf[k])
		}
		return first == 0 // no rule can come before
	})
	return first
}

// wordStarts finds, in one pass over a text, which of a set of words (folded phrases or
// keywords) start at its word starts. A bitset of the byte pairs words start with filters the
// word starts, so that words are compared at few of them.
type wordStarts struct {
	words [][]byte
	// byFirst lists, per first byte, the words that start with it, in the order added.
	byFirst [256][]wordStart
	// firstPairs has a bit for each pair of bytes a word may start with.
	firstPairs pairSet
}

// wordStart is a word of wordStarts with its first two bytes and the bits of them to compare
// (the first byte only for a one-byte word, which starts every pair beginning with its byte).
type wordStart struct {
	pair, mask uint16
	word       int
}

// pairSet is a set of byte pairs (first byte in the high half).
type pairSet [1 << 16 / 64]uint64

func (s *pairSet) add(p uint16)      { s[p>>6] |= 1 << (p & 63) }
func (s *pairSet) has(p uint16) bool { return s[p>>6]>>(p&63)&1 != 0 }

// pairOf is the 16-bit pair of bytes at i (the second byte is 0 past the end).
func pairOf(b []byte, i int) uint16 {
	v := uint16(b[i]) << 8
	if i+1 < len(b) {
		v |= uint16(b[i+1])
	}
	return v
}

func (w *wordStarts) add(word []byte) {
	pair, mask := pairOf(word, 0), uint16(0xffff)
	if len(word) == 1 {
		mask = 0xff00
	}
	w.byFirst[word[0]] = append(w.byFirst[word[0]], wordStart{pair, mask, len(w.words)})
	w.words = append(w.words, word)
	for p := pair; ; p++ { // 1 pair, or 256 for a one-byte word
		w.firstPairs.add(p)
		if p|mask == 0xffff {
			break
		}
	}
}

// find calls match with the position and index of each word that starts at a word start of
// text (the first byte, or one after a non-word byte), in text order, until match returns true;
// it says whether match did. Word starts are found 8 bytes per step (nonWordBytes): in prose
// about one byte in six is not a word byte.
func (w *wordStarts) find(text []byte, match func(at, word int) bool) bool {
	if len(text) == 0 {
		return false
	}
	if w.firstPairs.has(pairOf(text, 0)) && w.matchAt(text, 0, pairOf(text, 0), match) {
		return true
	}
	last := len(text) - 1 // a non-word byte here starts nothing
	i := 0
	for ; i+8 < last; i += 8 { // a word start found here has a byte after it
		for m := nonWordBytes(binary.LittleEndian.Uint64(text[i:])); m != 0; m &= m - 1 {
			at := i + bits.TrailingZeros64(m)/8 + 1
			if p := uint16(text[at])<<8 | uint16(text[at+1]); w.firstPairs.has(p) && w.matchAt(text, at, p, match) {
				return true
			}
		}
	}
	for ; i < last; i++ {
		if !isWordByte(text[i]) && w.firstPairs.has(pairOf(text, i+1)) && w.matchAt(text, i+1, pairOf(text, i+1), match) {
			return true
		}
	}
	return false
}

// matchAt calls match for each word at text[i:], whose first two bytes are p.
func (w *wordStarts) matchAt(text []byte, i int, p uint16, match func(at, word int) bool) bool {
	for _, c := range w.byFirst[p>>8] {
		if p&c.mask == c.pair && bytes.HasPrefix(text[i:], w.words[c.word]) && match(i, c.word) {
			return true
		}
	}
	return false
}

// isWordByte treats ASCII letters, digits and any non-ASCII byte as part of a word.
func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80 || b >= 'A' && b <= 'Z'
}
