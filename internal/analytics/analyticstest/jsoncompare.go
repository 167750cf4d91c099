package analyticstest

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
)

// RequireSameJSON compares an expected answer (any value) with an answer's JSON as JSON
// documents, so field names and null-vs-value are checked too. Numbers must agree to a relative
// 1e-9: SQL and Go add floats in different orders; counts are exact either way.
func RequireSameJSON(tb testing.TB, want any, gotJSON []byte) {
	tb.Helper()
	wantJSON, err := json.Marshal(want)
	require.NoError(tb, err)
	var w, g any
	require.NoError(tb, json.Unmarshal(wantJSON, &w))
	require.NoError(tb, json.Unmarshal(gotJSON, &g), string(gotJSON))
	if diff := firstDifference("$", w, g); diff != "" {
		tb.Fatalf("answers differ at %s\nwant: %s\ngot:  %s", diff, wantJSON, gotJSON)
	}
}

func firstDifference(path string, want, got any) string {
	switch w := want.(type) {
	case float64:
		g, ok := got.(float64)
		if !ok || math.Abs(w-g) > 1e-9*math.Max(1, math.Max(math.Abs(w), math.Abs(g))) {
			return fmt.Sprintf("%s: want %v, got %v", path, want, got)
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(w) != len(g) {
			return fmt.Sprintf("%s: want %d items, got %v", path, len(w), got)
		}
		for i := range w {
			if d := firstDifference(fmt.Sprintf("%s[%d]", path, i), w[i], g[i]); d != "" {
				return d
			}
		}
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: want an object, got %v", path, got)
		}
		keys := make([]string, 0, len(w)+len(g))
		for k := range w {
			keys = append(keys, k)
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			if d := firstDifference(path+"."+k, w[k], g[k]); d != "" {
				return d
			}
		}
	default:
		if want != got {
			return fmt.Sprintf("%s: want %v, got %v", path, want, got)
		}
	}
	return ""
}
