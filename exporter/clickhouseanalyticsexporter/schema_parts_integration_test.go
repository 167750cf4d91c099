package clickhouseanalyticsexporter

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
)

// TestWidePartsThresholdIsTheDefault: migration 0051 kept parts compact up to 256 MB and 0052
// took it back (analytics over compact parts were slower); after both, no table overrides
// ClickHouse's min_bytes_for_wide_part.
func TestWidePartsThresholdIsTheDefault(t *testing.T) {
	conn := chtest.Conn(t)
	cfg := createDefaultConfig()
	cfg.Endpoint = chtest.Endpoint(t)
	cfg.Database = chtest.NewDatabase(t, conn)
	require.NoError(t, migrate(context.Background(), conn, cfg))
	for _, table := range []string{"genai_events", "genai_feedback", "genai_users", "genai_events_1m"} {
		var ddl string
		require.NoError(t, conn.QueryRow(context.Background(), "SELECT create_table_query FROM system.tables WHERE database = ? AND name = ?", cfg.Database, table).Scan(&ddl))
		assert.NotContains(t, ddl, "min_bytes_for_wide_part", table)
	}
}
