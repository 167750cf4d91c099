package clickhouseanalyticsexporter

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestClusterNameRendersReplicatedSchema renders every migration for a cluster: each DDL
// statement runs ON CLUSTER and every MergeTree-family engine is its Replicated variant.
func TestClusterNameRendersReplicatedSchema(t *testing.T) {
	for _, tc := range []struct {
		cluster      string
		wantCluster  bool
		wantReplicas bool
	}{{"", false, false}, {"analytics", true, true}} {
		cfg := createDefaultConfig()
		cfg.ClusterName = tc.cluster
		require.NoError(t, cfg.Validate())
		migrations, err := loadMigrations()
		require.NoError(t, err)
		for _, m := range migrations {
			stmts, err := m.render(newSchemaParams(cfg))
			require.NoError(t, err, m.name)
			for _, stmt := range stmts {
				if strings.HasPrefix(stmt, "INSERT") {
					continue // a backfill runs where the migration runs (DML has no ON CLUSTER)
				}
				assert.Equal(t, tc.wantCluster, strings.Contains(stmt, "ON CLUSTER `analytics`"), "%s: %s", m.name, stmt)
				if strings.Contains(stmt, "MergeTree(") {
					assert.Equal(t, tc.wantReplicas, strings.Contains(stmt, "= Replicated"), "%s: %s", m.name, stmt)
				}
			}
		}
	}
	bad := createDefaultConfig()
	bad.ClusterName = "a;b"
	require.ErrorContains(t, bad.Validate(), "cluster_name:")
}
