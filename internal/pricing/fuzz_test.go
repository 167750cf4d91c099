package pricing

import (
	"os"
	"strings"
	"testing"
	"time"
)

// FuzzParseFile: any input either fails to parse with an error or gives a file whose lookups
// never panic and never price below zero for non-negative prices.
func FuzzParseFile(f *testing.F) {
	if raw, err := os.ReadFile("testdata/genai-prices-fixture.json"); err == nil {
		f.Add(raw, "fixture", "fixture-b-large")
	}
	f.Add([]byte(`[{"id":"p","models":[{"id":"m","match":{"regex":"^m"},"prices":{"input_mtok":{"base":1,"tiers":[{"start":1,"price":2}]}}}]}]`), "p", "m1")
	f.Fuzz(func(t *testing.T, raw []byte, provider, model string) {
		file, err := ParseFile(raw)
		if err != nil {
			return
		}
		p, ok := file.Lookup(provider, model, time.Unix(1764201600, 0), 1000)
		if ok && p.Validate() == nil && p.Cost(Usage{Input: 10, Output: 10, CacheRead: 2, Reasoning: 3}) < 0 {
			t.Fatalf("negative cost from non-negative prices")
		}
		_ = Normalize(model)
		_ = Family(provider)
	})
}

// FuzzModelLookup throws arbitrary provider and model names at the name matching: it must never
// panic, and a normalized name is lower case without routing prefixes.
func FuzzModelLookup(f *testing.F) {
	for _, seed := range [][2]string{
		{"openai", "gpt-4o-2024-08-06"}, {"aws.bedrock", "us.anthropic.claude-3-5-haiku-20241022-v1:0"},
		{"gcp.vertex_ai", "gemini-2.5-pro@001"}, {"mistral_ai", "mistral-large-latest"},
		{"", "openai/gpt-4o"}, {"x", "-v"}, {"", "a-2024-13-99-latest"}, {"groq", "::/@"},
	} {
		f.Add(seed[0], seed[1])
	}
	table := Builtin()
	f.Fuzz(func(t *testing.T, provider, model string) {
		n := Normalize(model)
		if strings.ContainsRune(n, '/') {
			t.Fatalf("Normalize(%q) = %q still has a routing prefix", model, n)
		}
		if n != strings.ToLower(n) {
			t.Fatalf("Normalize(%q) = %q is not lower case", model, n)
		}
		_, _ = table.Lookup(provider, model)
	})
}
