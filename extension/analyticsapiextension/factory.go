package analyticsapiextension

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/extension"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/extension/analyticsapiextension/internal/metadata"
)

// NewFactory returns the factory of the analyticsapi extension.
func NewFactory() extension.Factory {
	return extension.NewFactory(
		metadata.Type,
		func() component.Config { return createDefaultConfig() },
		createExtension,
		metadata.ExtensionStability,
	)
}

func createExtension(_ context.Context, set extension.Settings, cfg component.Config) (extension.Extension, error) {
	return newAPIServer(cfg.(*Config), set.TelemetrySettings), nil
}
