package clickhouseanalyticsexporter

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Every ttl.* setting has a table to reconcile, and every table its migration's TTL column.
func TestTTLTargetsCoverEverySetting(t *testing.T) {
	var keys []string
	for _, target := range ttlTargets {
		keys = append(keys, target.key)
		if len(target.columns) > 0 {
			continue // a column TTL: set by reconcileTTLs alone
		}
		m := migrationWithTTL(t, target.key)
		require.Contains(t, m, `{{.TTL "`+target.key+`" "`+target.column+`"}}`)
		require.Contains(t, m, "{{.DB}}."+target.table+" ")
	}
	slices.Sort(keys)
	require.Equal(t, slices.Sorted(maps.Keys(createDefaultConfig().TTL.durations())), slices.Compact(keys))
}

// migrationWithTTL is the body of the migration that renders the TTL of key.
func migrationWithTTL(t *testing.T, key string) string {
	t.Helper()
	migrations, err := loadMigrations()
	require.NoError(t, err)
	for _, m := range migrations {
		if strings.Contains(m.body, `{{.TTL "`+key+`"`) {
			return m.body
		}
	}
	t.Fatalf("no migration renders ttl.%s", key)
	return ""
}

func TestColumnDefinition(t *testing.T) {
	ddl := "CREATE TABLE db.t (`query` String CODEC(ZSTD(1)) TTL toDateTime(timestamp) + toIntervalSecond(3600), " +
		"`response` String CODEC(ZSTD(1)), INDEX idx trace_id TYPE bloom_filter GRANULARITY 4) ENGINE = MergeTree " +
		"ORDER BY tenant_id TTL toDateTime(timestamp) + toIntervalSecond(7200)"
	tests := []struct{ column, want string }{
		{"query", "`query` String CODEC(ZSTD(1)) TTL toDateTime(timestamp) + toIntervalSecond(3600)"},
		// The last column stops before the index: the table's TTL is not the column's.
		{"response", "`response` String CODEC(ZSTD(1))"},
		{"missing", ""},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, columnDefinition(ddl, tt.column), tt.column)
	}
	text := ttlTarget{key: "text", columns: []string{"query", "response"}}
	require.Equal(t, []string{"MODIFY COLUMN response TTL toDateTime(timestamp) + toIntervalSecond(3600)"},
		text.alters(ddl, "TTL toDateTime(timestamp) + toIntervalSecond(3600)"))
	require.Equal(t, []string{"MODIFY COLUMN query TTL toDateTime(timestamp) + toIntervalSecond(7200)", "MODIFY COLUMN response TTL toDateTime(timestamp) + toIntervalSecond(7200)"},
		text.alters(ddl, "TTL toDateTime(timestamp) + toIntervalSecond(7200)"))
}
