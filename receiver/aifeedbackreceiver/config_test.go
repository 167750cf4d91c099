package aifeedbackreceiver

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/config/confighttp"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/confmaptest"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/receiver/aifeedbackreceiver/internal/metadata"
)

func TestLoadConfig(t *testing.T) {
	cm, err := confmaptest.LoadConf(filepath.Join("testdata", "config.yaml"))
	require.NoError(t, err)

	full := createDefaultConfig()
	full.NetAddr.Endpoint = "0.0.0.0:14319"
	full.MaxRequestBodySize = 65536
	cors := confighttp.NewDefaultCORSConfig()
	cors.AllowedOrigins = []string{"https://app.example.com"}
	cors.AllowedHeaders = []string{"X-API-Key"}
	full.CORS = configoptional.Some(cors)
	full.CustomTypes = []string{"copy", "regenerate"}
	full.FunnelStages = []string{"ai_query", "response_received", "clicked", "purchased"}
	full.UnknownFields = "ignore"
	full.APIKeys = map[string]string{"0123456789abcdef-acme": "acme"}
	full.DefaultTenant = "public"
	full.RetryAfter = 30 * time.Second
	full.MaxItems = 50

	tests := []struct {
		id      component.ID
		want    *Config
		wantErr string
	}{
		{id: component.NewID(metadata.Type), want: createDefaultConfig()},
		{id: component.NewIDWithName(metadata.Type, "full"), want: full},
		{id: component.NewIDWithName(metadata.Type, "bad_unknown_fields"), wantErr: `unknown_fields: "warn" must be "reject" or "ignore"`},
		{id: component.NewIDWithName(metadata.Type, "bad_custom_type"), wantErr: `custom_types[0]: "thumbs_up" is already a built-in type`},
		{id: component.NewIDWithName(metadata.Type, "bad_stages"), wantErr: `funnel_stages[1]: "a" listed twice`},
		{id: component.NewIDWithName(metadata.Type, "empty_stages"), wantErr: "funnel_stages: must list at least one stage"},
		{id: component.NewIDWithName(metadata.Type, "short_key"), wantErr: `api_keys: the key for tenant "acme" is shorter than 16 characters`},
		{id: component.NewIDWithName(metadata.Type, "bad_retry_after"), wantErr: "retry_after: must be at least 1s"},
		{id: component.NewIDWithName(metadata.Type, "bad_max_items"), wantErr: "max_items: must be >= 1, got 0"},
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

func TestBadCustomTypeNamesTheEntry(t *testing.T) {
	cfg := createDefaultConfig()
	cfg.CustomTypes = []string{"Bad Type"}
	require.ErrorContains(t, cfg.Validate(), `custom_types[0]: "Bad Type" may only hold`)
}
