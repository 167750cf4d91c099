package pricing

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBuiltinCosts(t *testing.T) {
	e, err := NewEngine(nil, nil, true)
	require.NoError(t, err)
	for _, tc := range costCases {
		t.Run(tc.name, func(t *testing.T) {
			got, src, ok := e.Cost(Call{Provider: tc.provider, ResponseModel: tc.model, Usage: tc.usage, At: peakHour})
			require.True(t, ok, "model %s must be known", tc.model)
			assert.Equal(t, SourceBuiltin, src)
			assert.InDelta(t, tc.want, got, 1e-12)
		})
	}
}

func TestUnknownModelIsNotFree(t *testing.T) {
	e, err := NewEngine(nil, nil, true)
	require.NoError(t, err)
	for _, model := range []string{"my-finetune-xyz", "claude-sonnet-4-7", "gpt-9", ""} {
		cost, src, ok := e.Cost(Call{Provider: "openai", RequestModel: model, Usage: Usage{Input: 10, Output: 10}})
		assert.False(t, ok, model)
		assert.Equal(t, SourceUnknown, src, model)
		assert.Zero(t, cost, model)
	}
}

func TestPriority(t *testing.T) {
	overrides := map[string]Price{"gpt-4o": {InputMTok: 1, OutputMTok: 2}, "acme-llm": {InputMTok: 10, OutputMTok: 20, ReasoningMTok: ptr(40)}}
	file, err := LoadFile("testdata/genai-prices-fixture.json")
	require.NoError(t, err)
	e, err := NewEngine(overrides, file, true)
	require.NoError(t, err)
	tests := []struct {
		model   string
		wantSrc string
		want    float64
	}{
		// override beats file and built-in: 1000 × 1 + 1000 × 2
		{"gpt-4o-2024-08-06", SourceOverride, 0.003},
		// reasoning priced at its own override price: 1000 × 10 + 500 × 20 + 500 × 40
		{"acme-llm", SourceOverride, 0.04},
		// file beats built-in (the fixture prices fixture-model-a at 1/1)
		{"fixture-model-a", SourceFile, 0.002},
		// built-in when neither knows it: 1000 × 0.15 + 1000 × 0.6
		{"gpt-4o-mini", SourceBuiltin, 0.00075},
	}
	for _, tc := range tests {
		t.Run(tc.model, func(t *testing.T) {
			u := Usage{Input: 1000, Output: 1000}
			if tc.model == "acme-llm" {
				u.Reasoning = 500
			}
			got, src, ok := e.Cost(Call{Provider: "openai", ResponseModel: tc.model, Usage: u})
			require.True(t, ok)
			assert.Equal(t, tc.wantSrc, src)
			assert.InDelta(t, tc.want, got, 1e-12)
		})
	}
}

func TestNegativeOverrideRejected(t *testing.T) {
	_, err := NewEngine(map[string]Price{"x": {InputMTok: -1}}, nil, true)
	require.Error(t, err)
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"gpt-4o-2024-08-06": "gpt-4o",
		"openai/gpt-4o":     "gpt-4o",
		"us.anthropic.claude-sonnet-4-5-20250929-v1:0": "claude-sonnet-4-5",
		"anthropic.claude-3-5-haiku-20241022-v1:0":     "claude-3-5-haiku",
		"claude-3-5-sonnet@20240620":                   "claude-3-5-sonnet",
		"models/gemini-2.5-pro":                        "gemini-2.5-pro",
		"Claude-Opus-4-1-Latest":                       "claude-opus-4-1",
		"amazon.nova-pro-v1:0":                         "nova-pro",
	} {
		assert.Equal(t, want, Normalize(in), in)
	}
}
