package clickhouseanalyticsexporter

import (
	"context"
	"fmt"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
)

// The follow-ups derived from spans (implicit feedback) are written by a logs exporter of
// their own, with its own sending_queue (same settings and storage extension as the traces
// queue, under its own name), instead of in the traces push after genai_events. A
// genai_feedback table refusing inserts then delays only those rows: the traces batch is done
// once its follow-ups are queued, and genai_events keeps filling.

// derivedFeedbackName names the internal exporter (telemetry, persistent-queue storage).
func derivedFeedbackName(id component.ID) component.ID {
	name := "derived_feedback"
	if id.Name() != "" {
		name = id.Name() + "_" + name
	}
	return component.NewIDWithName(id.Type(), name)
}

// newDerivedFeedback builds the internal exporter, started and shut down by the traces exporter
// around its own. It writes through an analyticsExporter of its own: a connection of the pool
// keeps encode and compression buffers the size of the largest block it sent, so small
// feedback inserts sharing the genai_events connections would make more of them large.
func newDerivedFeedback(ctx context.Context, set exporter.Settings, cfg *Config) (exporter.Logs, error) {
	dset := set
	dset.ID = derivedFeedbackName(set.ID)
	exp := newAnalyticsExporter(cfg, set.Logger)
	queue := cfg.QueueSettings
	if q := queue.Get(); q != nil {
		// Each request is one traces batch's follow-ups (~30 % of its rows): already a batch,
		// inserted as it comes by one consumer, without copying records into larger batches.
		own := *q
		own.Batch = configoptional.None[exporterhelper.BatchConfig]()
		own.NumConsumers = 1
		queue = configoptional.Some(own)
	}
	logs, err := exporterhelper.NewLogs(ctx, dset, cfg, withSchemaRepair(exp, exp.pushLogs),
		exporterhelper.WithStart(exp.start),
		exporterhelper.WithShutdown(exp.shutdown),
		exporterhelper.WithTimeout(cfg.TimeoutSettings),
		exporterhelper.WithQueue(queue),
		exporterhelper.WithRetry(cfg.BackOffConfig),
		exporterhelper.WithCapabilities(consumer.Capabilities{MutatesData: false}),
	)
	if err != nil {
		return nil, fmt.Errorf("creating the derived feedback queue: %w", err)
	}
	return logs, nil
}

// queueFeedback hands rows to the derived feedback exporter's queue, or, without one (an
// exporter built outside the factory), inserts them.
func (e *analyticsExporter) queueFeedback(ctx context.Context, rows []feedback.Feedback) error {
	if len(rows) == 0 {
		return nil
	}
	if e.derivedFeedback == nil {
		return e.insertFeedback(ctx, rows)
	}
	ld := plog.NewLogs()
	records := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
	records.EnsureCapacity(len(rows))
	now := time.Now()
	for i := range rows {
		rows[i].ToLogRecord(records.AppendEmpty(), now)
	}
	if err := e.derivedFeedback.ConsumeLogs(ctx, ld); err != nil {
		return fmt.Errorf("queueing %d derived feedback rows: %w", len(rows), err)
	}
	return nil
}
