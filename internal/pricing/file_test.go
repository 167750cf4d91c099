package pricing

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFixtureMatchRules covers each match-rule and price kind the loader supports.
func TestFixtureMatchRules(t *testing.T) {
	f, err := LoadFile("testdata/genai-prices-fixture.json")
	require.NoError(t, err)
	jan := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	night := time.Date(2026, 3, 1, 22, 0, 0, 0, time.UTC)
	tests := []struct {
		name, provider, model string
		at                    time.Time
		usage                 Usage
		want                  float64
	}{
		{"equals", "fixture", "fixture-model-a", jan, Usage{Input: 1e6, Output: 1e6}, 2},
		{"starts_with + cache prices", "", "fixture-b-large", jan, Usage{Input: 1e6, CacheRead: 2e5, CacheWrite: 2e5, Output: 1e6}, 0.6*2 + 0.2*0.5 + 0.2*2.5 + 4},
		{"ends_with", "fixture", "x-c-edition", jan, Usage{Input: 1e6}, 3},
		{"contains", "fixture", "my-delta-model", jan, Usage{Output: 1e6}, 8},
		{"regex", "", "fixture-e-2026", jan, Usage{Input: 1e6}, 5},
		{"regex no match", "fixture", "fixture-e-26", jan, Usage{Input: 1e6}, -1},
		{"and", "fixture", "fixture-f-pro", jan, Usage{Input: 1e6}, 6},
		{"and half", "fixture", "fixture-f-lite", jan, Usage{Input: 1e6}, -1},
		{"provider_match or/contains", "my-fixture-cloud", "fixture-model-a", jan, Usage{Input: 1e6}, 1},
		{"fallback_model_providers", "fixture", "other-g", jan, Usage{Input: 1e6}, 7},
		{"tier base", "fixture", "fixture-tiered", jan, Usage{Input: 1000, Output: 1000}, 0.001 + 0.01},
		{"tier above start", "fixture", "fixture-tiered", jan, Usage{Input: 300000, Output: 1000}, 0.6 + 0.015},
		{"dated before", "fixture", "fixture-dated", time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), Usage{Input: 1e6}, 10},
		{"dated after", "fixture", "fixture-dated", jan, Usage{Input: 1e6}, 1},
		{"time of day inside", "fixture", "fixture-peak", jan, Usage{Input: 1e6}, 2},
		{"time of day outside", "fixture", "fixture-peak", night, Usage{Input: 1e6}, 1},
		{"audio price ignored", "fixture", "fixture-audio", jan, Usage{Input: 1e6, Output: 1e6}, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, ok := f.Lookup(tc.provider, tc.model, tc.at, tc.usage.Input)
			if tc.want < 0 {
				assert.False(t, ok)
				return
			}
			require.True(t, ok)
			assert.InDelta(t, tc.want, p.Cost(tc.usage), 1e-9)
		})
	}
}

func TestParseFileErrors(t *testing.T) {
	for name, raw := range map[string]string{
		"not an array": `{"id": "x"}`,
		"bad regex":    `[{"id":"p","models":[{"id":"m","match":{"regex":"("},"prices":{"input_mtok":1}}]}]`,
		"bad price":    `[{"id":"p","models":[{"id":"m","match":{"equals":"m"},"prices":{"input_mtok":"x"}}]}]`,
		"no prices":    `[{"id":"p","models":[{"id":"m","match":{"equals":"m"}}]}]`,
		"bad date":     `[{"id":"p","models":[{"id":"m","match":{"equals":"m"},"prices":[{"constraint":{"start_date":"soon"},"prices":{}}]}]}]`,
	} {
		_, err := ParseFile([]byte(raw))
		assert.Error(t, err, name)
	}
	_, err := LoadFile("testdata/does-not-exist.json")
	assert.Error(t, err)
}

// sharedPricesPath is the real genai-prices data file, outside the repository (never committed).
var sharedPricesPath = filepath.Join("..", "..", "..", "shared", "data", "genai-prices", "data.json")

// TestRealGenAIPricesFile loads the real file and prices the same models as the built-in cases.
func TestRealGenAIPricesFile(t *testing.T) {
	if _, err := os.Stat(filepath.Dir(sharedPricesPath)); os.IsNotExist(err) {
		t.Skip("../shared is absent: the genai-prices data file is not available here")
	}
	f, err := LoadFile(sharedPricesPath)
	require.NoError(t, err)
	for _, tc := range costCases {
		t.Run(tc.name, func(t *testing.T) {
			p, ok := f.Lookup(tc.provider, tc.model, peakHour, tc.usage.Input)
			require.True(t, ok, "model %s must be in the file", tc.model)
			want := tc.want
			if tc.fileWant != 0 {
				want = tc.fileWant
			}
			assert.InDelta(t, want, p.Cost(tc.usage), 1e-12)
		})
	}
}
