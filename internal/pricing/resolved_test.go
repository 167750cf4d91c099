package pricing

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A remembered lookup must price exactly like a fresh engine, on the first and later calls.
func TestResolvedModelsPriceLikeFreshEngine(t *testing.T) {
	overrides := map[string]Price{"my-finetune": {InputMTok: 1, OutputMTok: 2}}
	warm, err := NewEngine(overrides, nil, true)
	require.NoError(t, err)
	for round := 0; round < 3; round++ {
		for _, tc := range costCases {
			for _, call := range []Call{
				{Provider: tc.provider, ResponseModel: tc.model, Usage: tc.usage},
				{Provider: tc.provider, RequestModel: tc.model, ResponseModel: "my-finetune", Usage: tc.usage},
				{Provider: tc.provider, RequestModel: "nope-1", ResponseModel: tc.model + "-x", Usage: tc.usage},
			} {
				fresh, err := NewEngine(overrides, nil, true)
				require.NoError(t, err)
				wantCost, wantSrc, wantOK := fresh.Cost(call)
				gotCost, gotSrc, gotOK := warm.Cost(call)
				assert.Equal(t, wantOK, gotOK, "%+v", call)
				assert.Equal(t, wantSrc, gotSrc, "%+v", call)
				assert.Equal(t, wantCost, gotCost, "%+v", call) //nolint:testifylint // must be bit-identical
			}
		}
	}
}

func TestResolvedModelsStayBounded(t *testing.T) {
	e, err := NewEngine(nil, nil, true)
	require.NoError(t, err)
	for i := 0; i < 3*maxResolvedModels; i++ {
		e.Cost(Call{Provider: "openai", RequestModel: fmt.Sprintf("model-%d", i)})
	}
	assert.LessOrEqual(t, e.resolved.size.Load(), int64(maxResolvedModels))
	n := 0
	e.resolved.entries.Range(func(any, any) bool { n++; return true })
	assert.LessOrEqual(t, n, maxResolvedModels)
}
