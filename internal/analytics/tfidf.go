package analytics

import (
	"math"
	"sort"
	"strings"
	"unicode"
)

// stopWords carry no topic; they are left out of lexical vectors.
var stopWords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "can": true, "do": true, "does": true, "for": true,
	"how": true, "i": true, "in": true, "is": true, "it": true, "me": true, "my": true, "of": true,
	"on": true, "or": true, "the": true, "to": true, "what": true, "when": true, "where": true,
	"which": true, "why": true, "with": true, "you": true, "your": true, "we": true, "our": true,
	"this": true, "that": true, "be": true, "there": true, "not": true, "s": true,
}

// terms splits text into lower-case words and numbers without stop words.
func terms(text string) []string {
	fields := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	out := fields[:0]
	for _, f := range fields {
		if !stopWords[f] {
			out = append(out, f)
		}
	}
	return out
}

// vectorizeTFIDF gives every item a sparse TF-IDF vector over the vocabulary of all items,
// stored densely (the vocabulary of a few hundred short queries is small).
func vectorizeTFIDF(items []ClusterItem) {
	vocab := map[string]int{}
	docTerms := make([][]string, len(items))
	df := map[string]int{}
	for i, it := range items {
		docTerms[i] = terms(it.Text)
		seen := map[string]bool{}
		for _, t := range docTerms[i] {
			if _, ok := vocab[t]; !ok {
				vocab[t] = len(vocab)
			}
			if !seen[t] {
				df[t]++
				seen[t] = true
			}
		}
	}
	n := float64(len(items))
	for i := range items {
		vec := make([]float64, len(vocab))
		for _, t := range docTerms[i] {
			vec[vocab[t]]++
		}
		for t, idx := range vocab {
			if vec[idx] > 0 {
				vec[idx] *= math.Log((1+n)/(1+float64(df[t]))) + 1
			}
		}
		items[i].Vec = vec
	}
}

// cosine of two vectors of equal length (0 when either is zero).
func cosine(a, b []float64) float64 {
	if len(a) != len(b) {
		return 0
	}
	var dot, na, nb float64
	for i := range a {
		dot += a[i] * b[i]
		na += a[i] * a[i]
		nb += b[i] * b[i]
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / (math.Sqrt(na) * math.Sqrt(nb))
}

// topTermsLabel names a lexical cluster by its three heaviest terms (ties alphabetical).
func topTermsLabel(items []ClusterItem, members []int) string {
	weight := map[string]float64{}
	for _, m := range members {
		for _, t := range terms(items[m].Text) {
			weight[t] += float64(items[m].Count)
		}
	}
	ts := make([]string, 0, len(weight))
	for t := range weight {
		ts = append(ts, t)
	}
	sort.Slice(ts, func(i, j int) bool {
		if weight[ts[i]] != weight[ts[j]] {
			return weight[ts[i]] > weight[ts[j]]
		}
		return ts[i] < ts[j]
	})
	if len(ts) > 3 {
		ts = ts[:3]
	}
	return strings.Join(ts, " ")
}
