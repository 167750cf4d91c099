package clickhouseanalyticsexporter

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
	"go.opentelemetry.io/collector/exporter/exporterhelper/xexporterhelper"
	"go.opentelemetry.io/collector/pdata/plog"
	pdatarequest "go.opentelemetry.io/collector/pdata/xpdata/request"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
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
//
// Its queue holds rows (spanRows with feedback only), like the traces queue, and batches them
// with the traces batch settings: one traces batch yields only ~30 % of its size in follow-ups,
// and inserting those as they came made genai_feedback parts so small that ClickHouse merged
// each row 5–10 times. Merging row requests appends slices; nothing is copied into pdata.
func newDerivedFeedback(ctx context.Context, set exporter.Settings, cfg *Config) (exporter.Logs, error) {
	dset := set
	dset.ID = derivedFeedbackName(set.ID)
	exp := newAnalyticsExporter(cfg, set.Logger)
	queue := cfg.QueueSettings
	if q := queue.Get(); q != nil {
		own := *q
		own.NumConsumers = 1 // a fraction of the traces side's rows
		queue = configoptional.Some(own)
	}
	queueSettings := xexporterhelper.QueueBatchSettings{Encoding: derivedFeedbackEncoding{rows: spanRowsEncoding{exp: exp}}}
	logs, err := xexporterhelper.NewLogsRequest(ctx, dset, exp.derivedFeedbackRows, withSchemaRepair(exp, exp.pushSpanRows),
		exporterhelper.WithStart(exp.open),
		exporterhelper.WithShutdown(exp.shutdown),
		exporterhelper.WithTimeout(cfg.TimeoutSettings),
		xexporterhelper.WithQueueBatch(queue, queueSettings),
		exporterhelper.WithRetry(cfg.BackOffConfig),
		exporterhelper.WithCapabilities(consumer.Capabilities{MutatesData: false}),
	)
	if err != nil {
		return nil, fmt.Errorf("creating the derived feedback queue: %w", err)
	}
	return logs, nil
}

// derivedRowsKey carries queueFeedback's rows to derivedFeedbackRows through the context: the
// request exporter API converts pdata only, and these rows never were pdata.
type derivedRowsKey struct{}

// queueFeedback hands rows to the derived feedback exporter's queue, or, without one (an
// exporter built outside the factory), inserts them.
func (e *analyticsExporter) queueFeedback(ctx context.Context, rows []feedback.Feedback) error {
	if len(rows) == 0 {
		return nil
	}
	if e.derivedFeedback == nil {
		return e.insertFeedback(ctx, rows)
	}
	// Clipped: the batcher appends to the first request's rows, and the array behind these
	// belongs to the traces request.
	ctx = context.WithValue(ctx, derivedRowsKey{}, slices.Clip(rows))
	if err := e.derivedFeedback.ConsumeLogs(ctx, plog.NewLogs()); err != nil {
		return fmt.Errorf("queueing %d derived feedback rows: %w", len(rows), err)
	}
	return nil
}

// derivedFeedbackRows is the derived exporter's request converter: the rows queueFeedback put
// in the context, or else the feedback records of ld.
func (e *analyticsExporter) derivedFeedbackRows(ctx context.Context, ld plog.Logs) (xexporterhelper.Request, error) {
	if rows, ok := ctx.Value(derivedRowsKey{}).([]feedback.Feedback); ok {
		return &spanRows{feedback: rows, batchRows: e.batchRows()}, nil
	}
	return e.feedbackRowsFromLogs(ld), nil
}

// feedbackRowsFromLogs reads feedback log records (the derived queue's records as versions
// before row requests stored them); unusable ones are dropped and reported once per call.
func (e *analyticsExporter) feedbackRowsFromLogs(ld plog.Logs) *spanRows {
	rows := &spanRows{feedback: make([]feedback.Feedback, 0, ld.LogRecordCount()), batchRows: e.batchRows()}
	dropped := 0
	for lr := range genai.LogRecords(ld) {
		f, err := feedback.FromLogRecord(lr)
		if err != nil {
			dropped++
			continue
		}
		rows.feedback = append(rows.feedback, f)
	}
	e.warnDropped("derived feedback", dropped, feedback.ErrNoType)
	return rows
}

// derivedFeedbackEncoding stores the derived queue's requests in the persistent queue as the
// traces queue does, and reads the OTLP log records earlier versions queued there.
type derivedFeedbackEncoding struct {
	rows spanRowsEncoding
}

func (enc derivedFeedbackEncoding) Marshal(ctx context.Context, req xexporterhelper.Request) ([]byte, error) {
	return enc.rows.Marshal(ctx, req)
}

func (enc derivedFeedbackEncoding) Unmarshal(data []byte) (context.Context, xexporterhelper.Request, error) {
	if isRowsRecord(data) {
		return enc.rows.Unmarshal(data)
	}
	ctx, ld, err := pdatarequest.UnmarshalLogs(data)
	if errors.Is(err, pdatarequest.ErrInvalidFormat) {
		ld, err = (&plog.ProtoUnmarshaler{}).UnmarshalLogs(data)
	}
	if err != nil {
		return ctx, nil, fmt.Errorf("decoding queued feedback records of an earlier version: %w", err)
	}
	return ctx, enc.rows.exp.feedbackRowsFromLogs(ld), nil
}
