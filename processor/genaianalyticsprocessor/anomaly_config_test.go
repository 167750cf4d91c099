package genaianalyticsprocessor

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/confmaptest"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/anomaly"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/processor/genaianalyticsprocessor/internal/metadata"
)

func TestLoadAnomalyConfig(t *testing.T) {
	custom := anomaly.DefaultConfig()
	custom.Window = 30 * time.Second
	custom.GracePeriod = 5 * time.Second
	custom.WarmupWindows = 20
	custom.MaxSeries = 5000
	custom.Spike.Sigma = 4
	custom.Latency.Ratio = 3
	custom.ErrorRate.MinRate = 0.1
	off := anomaly.DefaultConfig()
	off.Enabled = false

	cm, err := confmaptest.LoadConf(filepath.Join("testdata", "anomaly_config.yaml"))
	require.NoError(t, err)
	tests := []struct {
		name    string
		want    anomaly.Config
		wantErr string
	}{
		{name: "anomaly", want: custom},
		{name: "anomaly_off", want: off},
		{name: "anomaly_bad_window", wantErr: "anomaly.window"},
		{name: "anomaly_bad_series", wantErr: "anomaly.max_series"},
		{name: "anomaly_bad_drop", wantErr: "anomaly.drop.max_ratio"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub, err := cm.Sub(component.NewIDWithName(metadata.Type, tt.name).String())
			require.NoError(t, err)
			cfg := createDefaultConfig()
			require.NoError(t, sub.Unmarshal(cfg))
			err = confmap.Validate(cfg)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, cfg.Anomaly)
		})
	}
}
