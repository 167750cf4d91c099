package analytics_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics/analyticstest"
)

// requireSame compares two answers as JSON documents (see analyticstest.RequireSameJSON).
func requireSame(t *testing.T, want, got any) {
	t.Helper()
	raw, err := json.Marshal(got)
	require.NoError(t, err)
	analyticstest.RequireSameJSON(t, want, raw)
}
