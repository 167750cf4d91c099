package clickhouseanalyticsexporter

import (
	"context"
	"errors"

	"go.opentelemetry.io/collector/pdata/ptrace"
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

// writeDerivedFromTraces writes the implicit follow-ups and span-derived funnel stages the
// processor put on analytics spans (a traces pipeline cannot emit log records; see
// internal/feedback.DerivedFromSpan).
func (e *analyticsExporter) writeDerivedFromTraces(ctx context.Context, td ptrace.Traces) error {
	var fbs []feedback.Feedback
	var funnel []feedback.FunnelEvent
	rss := td.ResourceSpans()
	for i := 0; i < rss.Len(); i++ {
		sss := rss.At(i).ScopeSpans()
		for j := 0; j < sss.Len(); j++ {
			spans := sss.At(j).Spans()
			for k := 0; k < spans.Len(); k++ {
				f, fe := feedback.DerivedFromSpan(spans.At(k))
				fbs = append(fbs, f...)
				funnel = append(funnel, fe...)
			}
		}
	}
	return errors.Join(e.insertFeedback(ctx, fbs), e.insertFunnel(ctx, funnel))
}
