package clickhouseanalyticsexporter

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/confmaptest"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/exporter/clickhouseanalyticsexporter/internal/metadata"
)

func TestLoadConfig(t *testing.T) {
	cm, err := confmaptest.LoadConf(filepath.Join("testdata", "config.yaml"))
	require.NoError(t, err)

	full := createDefaultConfig()
	full.Endpoint = "tcp://ch.internal:9440?secure=true"
	full.Database = "product_analytics"
	full.Username = "writer"
	full.Password = "s3cret"
	full.CreateSchema = false
	full.Compression = "zstd"
	full.TTL.Events = 720 * time.Hour
	full.TTL.Text = 168 * time.Hour
	full.Rollups.PerMinute = true
	full.TimeoutSettings.Timeout = 10 * time.Second
	full.BackOffConfig.InitialInterval = 2 * time.Second
	full.BackOffConfig.MaxInterval = 30 * time.Second
	full.BackOffConfig.MaxElapsedTime = 10 * time.Minute
	full.QueueSettings.Get().QueueSize = 500
	full.QueueSettings.Get().NumConsumers = 4

	tests := []struct {
		id      component.ID
		want    *Config
		wantErr string
	}{
		{id: component.NewID(metadata.Type), want: createDefaultConfig()},
		{id: component.NewIDWithName(metadata.Type, "full"), want: full},
		{id: component.NewIDWithName(metadata.Type, "bad_database"), wantErr: "database:"},
		{id: component.NewIDWithName(metadata.Type, "bad_endpoint"), wantErr: `scheme "http" not supported`},
		{id: component.NewIDWithName(metadata.Type, "bad_ttl"), wantErr: "ttl.events: must be at least 1h"},
		{id: component.NewIDWithName(metadata.Type, "bad_compression"), wantErr: `compression: "brotli"`},
	}
	for _, tt := range tests {
		t.Run(tt.id.String(), func(t *testing.T) {
			cfg := NewFactory().CreateDefaultConfig()
			sub, err := cm.Sub(tt.id.String())
			require.NoError(t, err)
			require.NoError(t, sub.Unmarshal(cfg))
			err = confmap.Validate(cfg)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, cfg)
		})
	}
}
