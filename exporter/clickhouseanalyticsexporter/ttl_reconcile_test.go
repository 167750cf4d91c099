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
		m := migrationWithTTL(t, target.key)
		require.Contains(t, m, `{{.TTL "`+target.key+`" "`+target.column+`"}}`)
		require.Contains(t, m, "{{.DB}}."+target.table+" ")
	}
	require.ElementsMatch(t, slices.Collect(maps.Keys(createDefaultConfig().TTL.durations())), keys)
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
