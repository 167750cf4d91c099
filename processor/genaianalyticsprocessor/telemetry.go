package genaianalyticsprocessor

import (
	"context"
	"fmt"
	"sync"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.uber.org/zap"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/processor/genaianalyticsprocessor/internal/metadata"
)

// telemetry holds the processor's own metrics. Problems on the hot path are counted here and
// logged once per kind, never per item.
type telemetry struct {
	spans       metric.Int64Counter
	unknownCost metric.Int64Counter
	redacted    metric.Int64Counter
	join        metric.Int64Counter
	retrieval   metric.Int64Counter
	logger      *zap.Logger
	logged      sync.Map // kind → struct{}: what was already logged once
}

func newTelemetry(set component.TelemetrySettings) (*telemetry, error) {
	m := set.MeterProvider.Meter(metadata.ScopeName)
	t := &telemetry{logger: set.Logger}
	var err error
	if t.spans, err = m.Int64Counter("otelcol_processor_genaianalytics_spans",
		metric.WithDescription("GenAI spans enriched, by dialect"), metric.WithUnit("{span}")); err != nil {
		return nil, fmt.Errorf("creating spans counter: %w", err)
	}
	if t.unknownCost, err = m.Int64Counter("otelcol_processor_genaianalytics_cost_unknown",
		metric.WithDescription("GenAI calls whose model has no known price (cost stored as NULL)"), metric.WithUnit("{span}")); err != nil {
		return nil, fmt.Errorf("creating cost_unknown counter: %w", err)
	}
	if t.redacted, err = m.Int64Counter("otelcol_processor_genaianalytics_redacted_values",
		metric.WithDescription("Text values in which personal data or secrets were masked or hashed"), metric.WithUnit("{value}")); err != nil {
		return nil, fmt.Errorf("creating redacted counter: %w", err)
	}
	if t.join, err = m.Int64Counter("otelcol_processor_genaianalytics_content_join",
		metric.WithDescription("Span/content-log join outcomes"), metric.WithUnit("{item}")); err != nil {
		return nil, fmt.Errorf("creating content_join counter: %w", err)
	}
	if t.retrieval, err = m.Int64Counter("otelcol_processor_genaianalytics_retrieval_memory_evictions",
		metric.WithDescription("Traces dropped from the empty-retrieval memory"), metric.WithUnit("{trace}")); err != nil {
		return nil, fmt.Errorf("creating retrieval counter: %w", err)
	}
	return t, nil
}

// Outcomes of the content join (attribute outcome of the content_join counter).
const (
	joinMergedIntoSpan = "merged_into_span"
	joinLateEvent      = "late_event_emitted"
	joinOrphanExpired  = "orphan_content_expired"
	joinOrphanEvicted  = "orphan_content_evicted"
	joinSpanNoContent  = "span_expired_without_content"
	joinSpanEvicted    = "span_memory_evicted"
	joinContentNoIDs   = "content_without_ids"
)

func (t *telemetry) count(c metric.Int64Counter, n int64, key, value string) {
	if t == nil || n == 0 {
		return
	}
	c.Add(context.Background(), n, metric.WithAttributes(attribute.String(key, value)))
}

// warnOnce logs a problem the first time it is seen.
func (t *telemetry) warnOnce(kind, msg string, fields ...zap.Field) {
	if t == nil || t.logger == nil {
		return
	}
	if _, seen := t.logged.LoadOrStore(kind, struct{}{}); !seen {
		t.logger.Warn(msg+" (logged once; see the processor's metrics for counts)", fields...)
	}
}
