package analyticsapiextension

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/confmaptest"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/extension/analyticsapiextension/internal/metadata"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/pricing"
)

func TestLoadConfig(t *testing.T) {
	cm, err := confmaptest.LoadConf(filepath.Join("testdata", "config.yaml"))
	require.NoError(t, err)

	full := createDefaultConfig()
	full.NetAddr.Endpoint = "0.0.0.0:14320"
	full.ClickHouse = ClickHouseConfig{Endpoint: "tcp://ch.internal:9440?secure=true", Database: "product_analytics",
		Username: "reader", Password: "s3cret"}
	full.APIKeys = []APIKey{{Key: "key-acme-0123456789", Tenant: "acme"}, {Key: "key-globex-0123456789", Tenant: "globex"}}
	full.QueryTimeout = 10 * time.Second
	full.MaxRange = 720 * time.Hour
	full.FunnelStages = []string{"visit", "signup", "paid"}
	full.CostAlternatives = map[string][]string{"gpt-5.4": {"gpt-5.4-nano"}}
	full.PricingOverrides = map[string]pricing.Price{"in-house-1": {InputMTok: 0.1, OutputMTok: 0.2}}

	tests := []struct {
		id      component.ID
		want    *Config
		wantErr string
	}{
		{id: component.NewID(metadata.Type), want: createDefaultConfig()},
		{id: component.NewIDWithName(metadata.Type, "full"), want: full},
		{id: component.NewIDWithName(metadata.Type, "bad_database"), wantErr: "clickhouse.database:"},
		{id: component.NewIDWithName(metadata.Type, "bad_endpoint"), wantErr: "clickhouse.endpoint:"},
		{id: component.NewIDWithName(metadata.Type, "short_key"), wantErr: "api_keys[0].key: must be at least 16"},
		{id: component.NewIDWithName(metadata.Type, "no_tenant"), wantErr: "api_keys[0].tenant: must not be empty"},
		{id: component.NewIDWithName(metadata.Type, "bad_stages"), wantErr: `funnel_stages: stage "a" is listed twice`},
		{id: component.NewIDWithName(metadata.Type, "bad_timeout"), wantErr: "query_timeout: must be > 0"},
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

func TestDefaultEndpoint(t *testing.T) {
	cfg := NewFactory().CreateDefaultConfig().(*Config)
	assert.Equal(t, "localhost:4320", cfg.NetAddr.Endpoint)
	assert.Equal(t, "ai_analytics", cfg.ClickHouse.Database)
}
