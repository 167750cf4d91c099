package genaianalyticsprocessor

import (
	"bytes"
	"fmt"
	"regexp"
)

// categorizer assigns a query category: the first rule with a matching keyword (whole words,
// case- and apostrophe-insensitive) or regex wins.
type categorizer struct {
	rules    []compiledRule
	fallback string
}

type compiledRule struct {
	category string
	keywords [][]byte
	regexes  []*regexp.Regexp
}

func newCategorizer(cfg CategoriesConfig) (*categorizer, error) {
	c := &categorizer{fallback: cfg.Default}
	for i, r := range cfg.Rules {
		cr := compiledRule{category: r.Category}
		for _, k := range r.Keywords {
			if f := foldText(nil, k); len(f) > 0 {
				cr.keywords = append(cr.keywords, f)
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

// categorize returns the category of a query; folded is the query run through foldText.
func (c *categorizer) categorize(query string, folded []byte) string {
	if len(folded) == 0 {
		return ""
	}
	for _, r := range c.rules {
		for _, k := range r.keywords {
			if containsWord(folded, k) {
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

// containsWord reports whether word occurs in text bounded by non-letters/digits.
func containsWord(text, word []byte) bool {
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

// isWordByte treats ASCII letters, digits and any non-ASCII byte as part of a word.
func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80 || b >= 'A' && b <= 'Z'
}
