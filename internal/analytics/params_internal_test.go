package analytics

import (
	"context"
	"testing"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
)

// TestListParametersRoundTrip sends list parameters through ClickHouse and reads them back:
// segment names come from span attributes and may hold quotes, backslashes or newlines.
func TestListParametersRoundTrip(t *testing.T) {
	conn := chtest.Conn(t)
	for _, tc := range []struct {
		name    string
		strings []string
		ids     []uint64
	}{
		{"plain", []string{"US", "DE"}, []uint64{1, 2}},
		{"hostile", []string{`O'Hare`, `back\slash`, "new\nline", `'); DROP TABLE x; --`, "", "ü 東京"}, []uint64{0, 18446744073709551615}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := clickhouse.Context(context.Background(), clickhouse.WithParameters(clickhouse.Parameters{
				"s": stringList(tc.strings), "i": uint64List(tc.ids)}))
			var gotS []string
			var gotI []uint64
			require.NoError(t, conn.QueryRow(ctx, "SELECT {s:Array(String)}, {i:Array(UInt64)}").Scan(&gotS, &gotI))
			require.Equal(t, tc.strings, gotS)
			require.Equal(t, tc.ids, gotI)
		})
	}
}
