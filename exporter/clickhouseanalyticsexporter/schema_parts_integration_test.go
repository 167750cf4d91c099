package clickhouseanalyticsexporter

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMergedPartsStayCompact: a merged genai_events part past ClickHouse's default
// min_bytes_for_wide_part (10 MB) is still written as one data file (migration 0051), not as
// two files per column stream.
func TestMergedPartsStayCompact(t *testing.T) {
	exp, db := newTestExporter(t)
	ctx := context.Background()
	for salt := range 4 {
		require.NoError(t, exp.insertEvents(ctx, buffersTestEvents(salt, 5_000)))
	}
	require.NoError(t, exp.conn.Exec(ctx, "OPTIMIZE TABLE "+quoteIdent(db)+".genai_events FINAL"))
	var partType string
	var parts, uncompressed uint64
	require.NoError(t, exp.conn.QueryRow(ctx, "SELECT any(part_type), count(), sum(data_uncompressed_bytes) FROM system.parts "+
		"WHERE database = ? AND table = 'genai_events' AND active", db).Scan(&partType, &parts, &uncompressed))
	require.Equal(t, uint64(1), parts)
	require.Greater(t, uncompressed, uint64(10<<20), "the part must be past the default wide-part threshold to show anything")
	require.Equal(t, "Compact", partType)
}
