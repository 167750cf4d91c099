package genaianalyticsprocessor

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// sumByAttr returns the value of a counter's data point with attribute key=value.
func sumByAttr(t *testing.T, tt *componenttest.Telemetry, name, key, value string) int64 {
	t.Helper()
	m, err := tt.GetMetric(name)
	require.NoError(t, err)
	for _, dp := range m.Data.(metricdata.Sum[int64]).DataPoints {
		if v, ok := dp.Attributes.Value(attribute.Key(key)); ok && v.AsString() == value {
			return dp.Value
		}
	}
	return 0
}

// TestTelemetryCounts checks the counters of unknown costs, dialects and join outcomes.
func TestTelemetryCounts(t *testing.T) {
	tt := componenttest.NewTelemetry()
	t.Cleanup(func() { require.NoError(t, tt.Shutdown(context.Background())) })
	p, err := newGenAIProcessor(enrichOnlyConfig(), tt.NewTelemetrySettings())
	require.NoError(t, err)
	clock := &testClock{t: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)}
	p.now = clock.now

	td := chatSpan(map[string]any{"gen_ai.request.model": "acme-private-llm"}, nil)
	_, err = p.processTraces(context.Background(), td)
	require.NoError(t, err)
	assert.Equal(t, int64(1), sumByAttr(t, tt, "otelcol_processor_genaianalytics_cost_unknown", "model", "unknown"))
	assert.Equal(t, int64(1), sumByAttr(t, tt, "otelcol_processor_genaianalytics_spans", "dialect", "semconv"))

	// Late content for the remembered span, then orphan content that expires.
	span := firstSpan(td)
	_, err = p.processLogs(context.Background(), contentLogs(span.TraceID(), span.SpanID(), "hello"))
	require.NoError(t, err)
	assert.Equal(t, int64(1), sumByAttr(t, tt, "otelcol_processor_genaianalytics_content_join", "outcome", "late_event_emitted"))
	_, err = p.processLogs(context.Background(), contentLogs([16]byte{42}, [8]byte{42}, "nobody's span"))
	require.NoError(t, err)
	clock.t = clock.t.Add(time.Minute)
	_, err = p.processLogs(context.Background(), contentLogs([16]byte{43}, [8]byte{43}, "sk-abcdefghijklmnopqrstuvwxyz"))
	require.NoError(t, err)
	assert.Equal(t, int64(1), sumByAttr(t, tt, "otelcol_processor_genaianalytics_content_join", "outcome", "orphan_content_expired"))
	assert.Equal(t, int64(2), sumByAttr(t, tt, "otelcol_processor_genaianalytics_redacted_values", "where", "log"))
}
