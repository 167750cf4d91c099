package genaianalyticsprocessor

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processorhelper"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/processor/genaianalyticsprocessor/internal/metadata"
)

// NewFactory returns the factory of the genaianalytics processor. The traces and logs
// pipelines of one component instance share one genaiProcessor (the content join needs both
// halves); the registry doing that belongs to this factory value.
func NewFactory() processor.Factory {
	reg := newRegistry()
	return processor.NewFactory(
		metadata.Type,
		func() component.Config { return createDefaultConfig() },
		processor.WithTraces(reg.createTraces, metadata.TracesStability),
		processor.WithLogs(reg.createLogs, metadata.LogsStability),
	)
}

func (r *registry) createTraces(ctx context.Context, set processor.Settings, cfg component.Config, next consumer.Traces) (processor.Traces, error) {
	if c := cfg.(*Config); c.Routing.Instances > 0 {
		return newRouterTraces(ctx, set, c, next) // a first-tier router does nothing else
	}
	p, err := r.acquire(set, cfg.(*Config))
	if err != nil {
		return nil, err
	}
	// The anomaly stage (anomaly.go) runs after the enrichment, in front of next.
	return withAnomaly(set, cfg.(*Config).Anomaly, next, p.rememberFlags, func(next consumer.Traces) (processor.Traces, error) {
		return processorhelper.NewTraces(ctx, set, cfg, next, withFeedback(cfg.(*Config), p.processTraces),
			processorhelper.WithCapabilities(consumer.Capabilities{MutatesData: true}),
			processorhelper.WithShutdown(func(context.Context) error { r.release(set.ID); return nil }))
	})
}

func (r *registry) createLogs(ctx context.Context, set processor.Settings, cfg component.Config, next consumer.Logs) (processor.Logs, error) {
	if c := cfg.(*Config); c.Routing.Instances > 0 {
		return newRouterLogs(ctx, set, c, next)
	}
	p, err := r.acquire(set, cfg.(*Config))
	if err != nil {
		return nil, err
	}
	fb, err := newFeedbackLogs(cfg.(*Config), set)
	if err != nil {
		return nil, err
	}
	return processorhelper.NewLogs(ctx, set, cfg, next, fb.after(p.processLogs),
		processorhelper.WithCapabilities(consumer.Capabilities{MutatesData: true}),
		processorhelper.WithShutdown(func(context.Context) error { r.release(set.ID); return nil }))
}
