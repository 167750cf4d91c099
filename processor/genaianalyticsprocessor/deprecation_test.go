package genaianalyticsprocessor

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/processor/processortest"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/processor/genaianalyticsprocessor/internal/metadata"
)

// A config that still sets derive_funnel_stages loads, and says once that it no longer acts.
func TestDeriveFunnelStagesWarnsOnce(t *testing.T) {
	for _, set := range []bool{false, true} {
		core, logs := observer.New(zap.WarnLevel)
		settings := processortest.NewNopSettings(metadata.Type)
		settings.Logger = zap.New(core)
		cfg := createDefaultConfig()
		cfg.Feedback.DeriveFunnelStages = set
		factory := NewFactory()
		tp, err := factory.CreateTraces(context.Background(), settings, cfg, new(consumertest.TracesSink))
		require.NoError(t, err)
		lp, err := factory.CreateLogs(context.Background(), settings, cfg, new(consumertest.LogsSink))
		require.NoError(t, err)
		want := 0
		if set {
			want = 1
		}
		require.Equal(t, want, logs.FilterMessageSnippet("derive_funnel_stages").Len(), "set=%v", set)
		require.NoError(t, tp.Shutdown(context.Background()))
		require.NoError(t, lp.Shutdown(context.Background()))
	}
}
