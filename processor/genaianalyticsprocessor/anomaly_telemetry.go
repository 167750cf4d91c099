package genaianalyticsprocessor

import (
	"context"
	"fmt"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/anomaly"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/processor/genaianalyticsprocessor/internal/metadata"
)

// anomalyTelemetry counts what the anomaly stage does.
type anomalyTelemetry struct {
	meter   metric.Meter
	alerts  metric.Int64Counter
	spans   metric.Int64Counter
	evicted metric.Int64Counter
}

func newAnomalyTelemetry(set component.TelemetrySettings) (*anomalyTelemetry, error) {
	m := set.MeterProvider.Meter(metadata.ScopeName)
	t := &anomalyTelemetry{meter: m}
	var err error
	if t.alerts, err = m.Int64Counter("otelcol_processor_genaianalytics_anomaly_alerts",
		metric.WithDescription("Anomaly alerts sent on (opened, reopened or resolved), by type, severity, state and outcome"),
		metric.WithUnit("{alert}")); err != nil {
		return nil, fmt.Errorf("creating anomaly_alerts counter: %w", err)
	}
	if t.spans, err = m.Int64Counter("otelcol_processor_genaianalytics_anomaly_uncounted_spans",
		metric.WithDescription("GenAI spans not counted by anomaly detection: late (window closed) or future (clock skew); they still flow on"),
		metric.WithUnit("{span}")); err != nil {
		return nil, fmt.Errorf("creating anomaly_uncounted_spans counter: %w", err)
	}
	if t.evicted, err = m.Int64Counter("otelcol_processor_genaianalytics_anomaly_series_evicted",
		metric.WithDescription("Anomaly series evicted (least recently seen) because max_series was reached"),
		metric.WithUnit("{series}")); err != nil {
		return nil, fmt.Errorf("creating anomaly_series_evicted counter: %w", err)
	}
	return t, nil
}

// observeSeries reports the number of series held until the returned registration is
// unregistered (at shutdown: the callback must not keep a stopped detector alive).
func (t *anomalyTelemetry) observeSeries(d *anomaly.Detector) (metric.Registration, error) {
	gauge, err := t.meter.Int64ObservableGauge("otelcol_processor_genaianalytics_anomaly_series",
		metric.WithDescription("Anomaly series held in memory"), metric.WithUnit("{series}"))
	if err != nil {
		return nil, fmt.Errorf("creating anomaly_series gauge: %w", err)
	}
	reg, err := t.meter.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		o.ObserveInt64(gauge, int64(d.SeriesCount()))
		return nil
	}, gauge)
	if err != nil {
		return nil, fmt.Errorf("registering anomaly_series callback: %w", err)
	}
	return reg, nil
}

func (t *anomalyTelemetry) countSpans(late, future int64) {
	if late > 0 {
		t.spans.Add(context.Background(), late, metric.WithAttributes(attribute.String("reason", "late")))
	}
	if future > 0 {
		t.spans.Add(context.Background(), future, metric.WithAttributes(attribute.String("reason", "future")))
	}
}

func (t *anomalyTelemetry) countEvicted(n int64) {
	if n > 0 {
		t.evicted.Add(context.Background(), n)
	}
}

func (t *anomalyTelemetry) countAlerts(alerts []anomaly.Alert, sent bool) {
	outcome := "sent"
	if !sent {
		outcome = "failed"
	}
	for i := range alerts {
		state := "open"
		if alerts[i].Resolved() {
			state = "resolved"
		}
		t.alerts.Add(context.Background(), 1, metric.WithAttributes(
			attribute.String("type", alerts[i].Type.String()),
			attribute.String("severity", alerts[i].Severity.String()),
			attribute.String("state", state), attribute.String("outcome", outcome)))
	}
}
