package pricing

import (
	"os"
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
