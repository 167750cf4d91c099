package genaianalyticsprocessor

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
)

// Zero-result reasons (aianalytics.zero_result.reason).
const (
	zeroReasonPhrase        = "phrase"
	zeroReasonRegex         = "regex"
	zeroReasonEmpty         = "empty_response"
	zeroReasonFinish        = "finish_reason"
	zeroReasonNoDocuments   = "no_documents"
	defaultContentFilterFin = "content_filter"
)

// defaultZeroResultPhrases are answers that mean the user got nothing: the seed's phrases plus
// the usual refusals and "no information" forms. Matched case- and apostrophe-insensitively.
var defaultZeroResultPhrases = []string{
	"no result", "no results", "unable to find", "i don't know", "i do not know",
	"i couldn't find", "i could not find", "i can't find", "i cannot find",
	"no information", "don't have information", "do not have information",
	"don't have any information", "do not have any information", "no relevant information",
	"i'm not able to answer", "i am not able to answer", "i can't answer", "i cannot answer",
	"i can't help with", "i cannot help with", "i'm unable to", "i am unable to",
	"i'm sorry, but i can't", "i'm sorry, but i cannot", "i don't have access to",
}

// zeroResultDetector decides zero_result from the response, the finish reason and retrieval.
type zeroResultDetector struct {
	phrases [][]byte
	// starts has a bit for every first-two-bytes pair of a phrase: the text is scanned once,
	// word start by word start, and phrases are compared only where a pair matches.
	starts        [1024]uint64
	regexes       []*regexp.Regexp
	emptyResponse bool
	finishReasons map[string]struct{}
}

func newZeroResultDetector(cfg ZeroResultConfig) (*zeroResultDetector, error) {
	d := &zeroResultDetector{emptyResponse: cfg.EmptyResponse, finishReasons: map[string]struct{}{}}
	for _, p := range cfg.Phrases {
		if f := foldText(nil, p); len(f) > 0 {
			d.phrases = append(d.phrases, f)
			d.starts[pairOf(f, 0)>>6] |= 1 << (pairOf(f, 0) & 63)
		}
	}
	for i, expr := range cfg.Regexes {
		re, err := regexp.Compile(expr)
		if err != nil {
			return nil, fmt.Errorf("zero_result.regexes[%d]: %w", i, err)
		}
		d.regexes = append(d.regexes, re)
	}
	for _, fr := range cfg.FinishReasons {
		d.finishReasons[strings.ToLower(fr)] = struct{}{}
	}
	return d, nil
}

// detect returns the reason of a zero result, or "". folded is the response run through
// foldText. outFound says whether output content was captured at all: a span without any
// content is not an empty response.
func (d *zeroResultDetector) detect(response string, folded []byte, outFound bool, finish string, noDocuments bool) string {
	if _, ok := d.finishReasons[strings.ToLower(finish)]; ok && finish != "" {
		return zeroReasonFinish
	}
	if noDocuments {
		return zeroReasonNoDocuments
	}
	if outFound && d.emptyResponse && strings.TrimSpace(response) == "" {
		return zeroReasonEmpty
	}
	if d.containsPhrase(folded) {
		return zeroReasonPhrase
	}
	for _, re := range d.regexes {
		if re.MatchString(response) {
			return zeroReasonRegex
		}
	}
	return ""
}

// pairOf is the 16-bit pair of bytes at i (the second byte is 0 past the end).
func pairOf(b []byte, i int) uint16 {
	v := uint16(b[i]) << 8
	if i+1 < len(b) {
		v |= uint16(b[i+1])
	}
	return v
}

// containsPhrase reports whether a phrase starts at a word start of folded text.
func (d *zeroResultDetector) containsPhrase(folded []byte) bool {
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
