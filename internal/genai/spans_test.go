package genai

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

func TestSpansWalksEveryResourceAndScope(t *testing.T) {
	td := ptrace.NewTraces()
	for r, scopes := range [][]int{{2, 0, 1}, {}, {3}} {
		rs := td.ResourceSpans().AppendEmpty()
		rs.Resource().Attributes().PutInt("r", int64(r))
		for _, n := range scopes {
			ss := rs.ScopeSpans().AppendEmpty()
			for range n {
				ss.Spans().AppendEmpty().SetName("s")
			}
		}
	}
	var got []int64
	for res, span := range Spans(td) {
		r, _ := res.Attributes().Get("r")
		require.Equal(t, "s", span.Name())
		got = append(got, r.Int())
	}
	require.Equal(t, []int64{0, 0, 0, 2, 2, 2}, got)

	n := 0
	for range Spans(td) {
		if n++; n == 2 {
			break
		}
	}
	require.Equal(t, 2, n, "stops when the loop breaks")
}
