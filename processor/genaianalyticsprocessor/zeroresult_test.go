package genaianalyticsprocessor

import "testing"

// TestContainsPhraseOneByte checks one-byte phrases: they match at every word start, like longer
// phrases, not only at the end of the text (the pair filter once saw them as (byte, 0)).
func TestContainsPhraseOneByte(t *testing.T) {
	tests := []struct {
		name    string
		phrases []string
		text    string
		want    bool
	}{
		{"letter at start", []string{"x"}, "x marks the spot", true},
		{"letter in middle", []string{"x"}, "the x marks it", true},
		{"letter at end", []string{"x"}, "marks the x", true},
		{"letter alone", []string{"x"}, "x", true},
		{"letter starting a word", []string{"x"}, "a xylophone here", true},
		{"letter inside a word", []string{"x"}, "the box is empty", false},
		{"letter ending a word", []string{"x"}, "a box", false},
		{"upper-case phrase folded", []string{"X"}, "the x marks it", true},
		{"letter after punctuation", []string{"x"}, "see (x) here", true},
		{"mark at start", []string{"?"}, "? what", true},
		{"mark in middle", []string{"?"}, "what ? now", true},
		{"mark at end", []string{"?"}, "what ?", true},
		{"mark after a word", []string{"?"}, "what? now", false},
		{"mark after punctuation", []string{"?"}, "what!? now", true},
		{"mark absent", []string{"?"}, "what now", false},
		{"with longer phrases", []string{"no result", "q"}, "a q here", true},
		{"sharing a first byte", []string{"nothing", "n"}, "a n here", true},
		{"non-ASCII folds to two bytes", []string{"É"}, "une école", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := newZeroResultDetector(ZeroResultConfig{Phrases: tt.phrases})
			if err != nil {
				t.Fatal(err)
			}
			if got := d.containsPhrase(foldText(nil, tt.text)); got != tt.want {
				t.Errorf("containsPhrase(%q) with %q = %v, want %v", tt.text, tt.phrases, got, tt.want)
			}
		})
	}
}
