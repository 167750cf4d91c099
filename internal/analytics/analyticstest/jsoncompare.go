package analyticstest

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// RequireSameJSON compares an expected answer (any value) with an answer's JSON: both as JSON
// documents with floats rounded to 9 significant digits (SQL and Go add floats in different
// orders), so field names and null-vs-value are checked too.
func RequireSameJSON(tb testing.TB, want any, gotJSON []byte) {
	tb.Helper()
	wantJSON, err := json.Marshal(want)
	require.NoError(tb, err)
	require.Equal(tb, roundedDoc(tb, wantJSON), roundedDoc(tb, gotJSON))
}

func roundedDoc(tb testing.TB, raw []byte) any {
	tb.Helper()
	var doc any
	require.NoError(tb, json.Unmarshal(raw, &doc), string(raw))
	return roundAll(doc)
}

func roundAll(v any) any {
	switch x := v.(type) {
	case float64:
		return Round9(x)
	case []any:
		for i := range x {
			x[i] = roundAll(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = roundAll(x[k])
		}
	}
	return v
}
