package clickhouseanalyticsexporter

import (
	"context"
	"errors"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
	"go.opentelemetry.io/collector/exporter/exporterhelper/xexporterhelper"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/exporter/clickhouseanalyticsexporter/internal/metadata"
)

// NewFactory returns the factory of the clickhouseanalytics exporter.
func NewFactory() exporter.Factory {
	return exporter.NewFactory(
		metadata.Type,
		func() component.Config { return createDefaultConfig() },
		exporter.WithTraces(createTraces, metadata.TracesStability),
		exporter.WithLogs(createLogs, metadata.LogsStability),
	)
}

func createTraces(ctx context.Context, set exporter.Settings, cfg component.Config) (exporter.Traces, error) {
	c := cfg.(*Config)
	exp := newAnalyticsExporter(c, set.Logger)
	exp.managesRollups = true
	derived, err := newDerivedFeedback(ctx, set, c)
	if err != nil {
		return nil, err
	}
	exp.derivedFeedback = derived
	// Spans become rows on arrival (span_rows.go): the queue and its batches hold rows, not pdata.
	queueSettings := xexporterhelper.QueueBatchSettings{Encoding: spanRowsEncoding{exp: exp}}
	return xexporterhelper.NewTracesRequest(ctx, set, exp.rowsFromTraces, withSchemaRepair(exp, exp.pushSpanRows),
		// The derived feedback exporter runs before the traces queue starts and shuts down
		// after it drained (pushes may still queue follow-ups until then).
		exporterhelper.WithStart(func(ctx context.Context, host component.Host) error {
			if err := exp.start(ctx, host); err != nil {
				return err
			}
			return derived.Start(ctx, host)
		}),
		exporterhelper.WithShutdown(func(ctx context.Context) error {
			return errors.Join(derived.Shutdown(ctx), exp.shutdown(ctx))
		}),
		exporterhelper.WithTimeout(c.TimeoutSettings),
		xexporterhelper.WithQueueBatch(c.QueueSettings, queueSettings),
		exporterhelper.WithRetry(c.BackOffConfig),
	)
}

func createLogs(ctx context.Context, set exporter.Settings, cfg component.Config) (exporter.Logs, error) {
	c := cfg.(*Config)
	exp := newAnalyticsExporter(c, set.Logger)
	return exporterhelper.NewLogs(ctx, set, cfg, withSchemaRepair(exp, exp.pushLogs),
		exporterhelper.WithStart(exp.start),
		exporterhelper.WithShutdown(exp.shutdown),
		exporterhelper.WithTimeout(c.TimeoutSettings),
		exporterhelper.WithQueue(c.QueueSettings),
		exporterhelper.WithRetry(c.BackOffConfig),
	)
}
