package genai

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"
)

func TestLogRecordsWalksEveryResourceAndScope(t *testing.T) {
	ld := plog.NewLogs()
	next := int64(0)
	for _, scopes := range [][]int{{2, 0, 1}, {}, {3}} {
		rl := ld.ResourceLogs().AppendEmpty()
		for _, n := range scopes {
			sl := rl.ScopeLogs().AppendEmpty()
			for range n {
				sl.LogRecords().AppendEmpty().Body().SetInt(next)
				next++
			}
		}
	}
	var got []int64
	for lr := range LogRecords(ld) {
		got = append(got, lr.Body().Int())
	}
	require.Equal(t, []int64{0, 1, 2, 3, 4, 5}, got)

	n := 0
	for range LogRecords(ld) {
		if n++; n == 2 {
			break
		}
	}
	require.Equal(t, 2, n, "stops when the loop breaks")
}
