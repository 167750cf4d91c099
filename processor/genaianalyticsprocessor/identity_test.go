package genaianalyticsprocessor

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// TestResourceIdentityPerBatchResource: the resource's identity values are found once per
// resource of a batch; every span of it, and only of it, falls back to them.
func TestResourceIdentityPerBatchResource(t *testing.T) {
	td := ptrace.NewTraces()
	for _, res := range []map[string]any{
		{"aianalytics.user.id": "u-res-low", "user.id": "u-res-1", "enduser.id": "u-res-mid", "service.version": "1.0"},
		{"service.version": "2.0"},
	} {
		rs := td.ResourceSpans().AppendEmpty()
		require.NoError(t, rs.Resource().Attributes().FromRaw(res))
		spans := rs.ScopeSpans().AppendEmpty().Spans()
		for _, user := range []string{"u-span", ""} {
			a := spans.AppendEmpty().Attributes()
			a.PutStr(genai.KeyOperationName, "chat")
			a.PutStr(genai.KeyRequestModel, "gpt-4o")
			if user != "" {
				a.PutStr("user.id", user)
			}
		}
	}
	p, err := newGenAIProcessor(enrichOnlyConfig(), nopTelemetry())
	require.NoError(t, err)
	_, err = p.processTraces(context.Background(), td)
	require.NoError(t, err)

	tests := []struct{ user, version string }{
		{"u-span", "1.0"}, {"u-res-1", "1.0"}, // the highest-priority resource key wins
		{"u-span", "2.0"}, {"", "2.0"},
	}
	i := 0
	for _, span := range genai.Spans(td) {
		a := span.Attributes()
		assert.Equal(t, tests[i].user, genai.Str(a, genai.KeyUserID), "span %d", i)
		assert.Equal(t, tests[i].version, genai.Str(a, genai.KeyFeatureVersion), "span %d", i)
		i++
	}
	assert.Equal(t, len(tests), i)
}
