package clickhouseanalyticsexporter

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/confmaptest"
)

func TestClusterConfig(t *testing.T) {
	cm, err := confmaptest.LoadConf(filepath.Join("testdata", "cluster", "config.yaml"))
	require.NoError(t, err)
	load := func(id string) (*Config, error) {
		cfg := createDefaultConfig()
		sub, err := cm.Sub(id)
		require.NoError(t, err)
		require.NoError(t, sub.Unmarshal(cfg))
		return cfg, confmap.Validate(cfg)
	}

	onCluster, err := load("clickhouseanalytics/on_cluster")
	require.NoError(t, err)
	p := newSchemaParams(onCluster)
	assert.Equal(t, "ON CLUSTER `analytics`", p.OnCluster())
	assert.True(t, p.replicated, "replicated by default on a cluster")
	opts, err := connOptions(onCluster)
	require.NoError(t, err)
	assert.Equal(t, 1, opts.Settings["distributed_foreground_insert"], "synchronous Distributed inserts")

	perNode, err := load("clickhouseanalytics/per_node")
	require.NoError(t, err)
	p = newSchemaParams(perNode)
	assert.Empty(t, p.OnCluster(), "per-node mode uses no distributed DDL")
	assert.False(t, p.replicated)
	assert.Equal(t, "AggregatingMergeTree()", p.Engine("AggregatingMergeTree"))

	_, err = load("clickhouseanalytics/nodes_without_cluster")
	require.ErrorContains(t, err, "cluster_nodes: needs cluster_name")

	single := createDefaultConfig()
	opts, err = connOptions(single)
	require.NoError(t, err)
	assert.NotContains(t, opts.Settings, "distributed_foreground_insert")
	assert.False(t, newSchemaParams(single).replicated)
}
