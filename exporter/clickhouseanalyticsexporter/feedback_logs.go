package clickhouseanalyticsexporter

import (
	"context"

	"go.uber.org/zap"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
)

// writeFeedbackLogs is the logs route of aianalytics.feedback records.
func (e *analyticsExporter) writeFeedbackLogs(ctx context.Context, records []logRecordRef) error {
	rows := make([]feedback.Feedback, 0, len(records))
	dropped := 0
	for _, r := range records {
		f, err := feedback.FromLogRecord(r.Record)
		if err != nil {
			dropped++
			continue
		}
		rows = append(rows, f)
	}
	e.warnDropped("feedback", dropped, feedback.ErrNoType)
	return e.insertFeedback(ctx, rows)
}

// writeFunnelLogs is the logs route of aianalytics.funnel records.
func (e *analyticsExporter) writeFunnelLogs(ctx context.Context, records []logRecordRef) error {
	rows := make([]feedback.FunnelEvent, 0, len(records))
	dropped := 0
	for _, r := range records {
		ev, err := feedback.FunnelFromLogRecord(r.Record)
		if err != nil {
			dropped++
			continue
		}
		rows = append(rows, ev)
	}
	e.warnDropped("funnel", dropped, feedback.ErrNoStage)
	return e.insertFunnel(ctx, rows)
}

// warnDropped reports unusable records once per batch (never per record).
func (e *analyticsExporter) warnDropped(kind string, n int, reason error) {
	if n == 0 || e.logger == nil {
		return
	}
	e.logger.Warn("dropped unusable "+kind+" log records", zap.Int("count", n), zap.Error(reason))
}
