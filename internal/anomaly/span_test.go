package anomaly

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

func TestAlertSpanRoundTrip(t *testing.T) {
	open := Alert{
		ID: alertIDFor(newSeriesKey("acme", "openai", "gpt-4o"), TypeLatency, t0.UnixNano()), Version: 1,
		Timestamp: t0.Add(70 * time.Second), Tenant: "acme", Provider: "openai", Model: "gpt-4o",
		Type: TypeLatency, Severity: SeverityMedium, Metric: "latency_p95_ms", Expected: 1000, Actual: 3100,
		Description: "latency", WindowStart: t0, WindowEnd: t0.Add(time.Minute),
	}
	resolved := open
	resolved.Version = 2
	resolved.ResolvedAt = t0.Add(4 * time.Minute)
	wide := open
	wide.Provider, wide.Model, wide.Type = "", "", TypeDrop

	td := AlertsToTraces([]Alert{open, resolved, wide}, "test")
	rs := td.ResourceSpans().At(0)
	v, _ := rs.Resource().Attributes().Get("service.name")
	assert.Equal(t, ServiceName, v.Str())
	spans := rs.ScopeSpans().At(0).Spans()
	require.Equal(t, 3, spans.Len())
	for i, want := range []Alert{open, resolved, wide} {
		span := spans.At(i)
		assert.Equal(t, SpanName, span.Name())
		assert.True(t, IsAlertSpan(span))
		_, hasModelKey := span.Attributes().Get("gen_ai.request.model")
		assert.False(t, hasModelKey, "an alert must not look like a GenAI call")
		got, ok, err := AlertFromSpan(span)
		require.True(t, ok)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	assert.Equal(t, spans.At(0).TraceID(), spans.At(1).TraceID(), "versions of one alert share a trace")
	assert.NotEqual(t, spans.At(0).SpanID(), spans.At(1).SpanID())
}

func TestAlertFromSpanRejectsDamage(t *testing.T) {
	base := AlertsToTraces([]Alert{{ID: alertIDFor(seriesKey{tenant: "a"}, TypeSpike, 0), Version: 1,
		Tenant: "a", Type: TypeSpike, Timestamp: t0, WindowStart: t0, WindowEnd: t0}}, "test")
	tests := []struct {
		name    string
		mutate  func(ptrace.Span)
		wantOK  bool
		wantErr string
	}{
		{"plain span", func(s ptrace.Span) { s.Attributes().Remove(KeyAlertID) }, false, ""},
		{"bad id", func(s ptrace.Span) { s.Attributes().PutStr(KeyAlertID, "nope") }, true, "alert id"},
		{"bad type", func(s ptrace.Span) { s.Attributes().PutStr(KeyType, "meteor") }, true, "unknown anomaly type"},
		{"bad time", func(s ptrace.Span) { s.Attributes().PutStr(KeyWindowEnd, "yesterday") }, true, KeyWindowEnd},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			span := ptrace.NewSpan()
			base.ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(0).CopyTo(span)
			tt.mutate(span)
			_, ok, err := AlertFromSpan(span)
			assert.Equal(t, tt.wantOK, ok)
			if tt.wantErr == "" {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, tt.wantErr)
			}
		})
	}
}
