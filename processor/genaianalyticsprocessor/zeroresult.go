package genaianalyticsprocessor

import (
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
	phrases       wordStarts
	regexes       []*regexp.Regexp
	emptyResponse bool
	finishReasons map[string]struct{}
}

func newZeroResultDetector(cfg ZeroResultConfig) (*zeroResultDetector, error) {
	d := &zeroResultDetector{emptyResponse: cfg.EmptyResponse, finishReasons: map[string]struct{}{}}
	for _, p := range cfg.Phrases {
		if f := foldText(nil, p); len(f) > 0 {
			d.phrases.add(f)
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

// containsPhrase reports whether a phrase starts at a word start of folded text.
func (d *zeroResultDetector) containsPhrase(folded []byte) bool {
	return d.phrases.find(folded, func(int, int) bool { return true })
}
