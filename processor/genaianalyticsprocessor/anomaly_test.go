package genaianalyticsprocessor

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor/processortest"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/anomaly"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/processor/genaianalyticsprocessor/internal/metadata"
)

var anomalyT0 = time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)

// chatWindow is one window of OTel GenAI chat spans (before enrichment) of one model.
func chatWindow(window int, n int, latency time.Duration) ptrace.Traces {
	td := ptrace.NewTraces()
	rs := td.ResourceSpans().AppendEmpty()
	rs.Resource().Attributes().PutStr("service.name", "support-bot")
	rs.Resource().Attributes().PutStr("tenant.id", "acme")
	ss := rs.ScopeSpans().AppendEmpty()
	start := anomalyT0.Add(time.Duration(window) * time.Minute)
	for i := 0; i < n; i++ {
		span := ss.Spans().AppendEmpty()
		span.SetName("chat gpt-4o-mini")
		span.SetTraceID(pcommon.TraceID{byte(window), byte(i), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14})
		span.SetSpanID(pcommon.SpanID{byte(window), byte(i), 1, 2, 3, 4, 5, 6})
		at := start.Add(time.Duration(i) * time.Minute / time.Duration(n))
		span.SetStartTimestamp(pcommon.NewTimestampFromTime(at))
		span.SetEndTimestamp(pcommon.NewTimestampFromTime(at.Add(latency)))
		a := span.Attributes()
		a.PutStr("gen_ai.operation.name", "chat")
		a.PutStr("gen_ai.provider.name", "openai")
		a.PutStr("gen_ai.request.model", "gpt-4o-mini")
		a.PutInt("gen_ai.usage.input_tokens", 100)
		a.PutInt("gen_ai.usage.output_tokens", 50)
	}
	return td
}

// fakeClock is the stage's wall clock in the test.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) set(t time.Time) { c.mu.Lock(); c.now = t; c.mu.Unlock() }
func (c *fakeClock) get() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

// TestAnomalyStageFlagsAndAlerts runs enriched spans through the whole processor: a latency
// incident of three windows raises one alert (opened, then resolved: two spans of one alert
// id) and flags the slow calls that arrive while it is open.
func TestAnomalyStageFlagsAndAlerts(t *testing.T) {
	cfg := createDefaultConfig()
	cfg.Anomaly.WarmupWindows = 5
	sink := new(consumertest.TracesSink)
	tel := componenttest.NewTelemetry()
	t.Cleanup(func() { require.NoError(t, tel.Shutdown(context.Background())) })
	set := processortest.NewNopSettings(metadata.Type)
	set.TelemetrySettings = tel.NewTelemetrySettings()
	proc, err := NewFactory().CreateTraces(context.Background(), set, cfg, sink)
	require.NoError(t, err)
	stage := proc.(*anomalyTraces).stage
	clock := &fakeClock{now: anomalyT0}
	stage.now = clock.get
	require.NoError(t, proc.Start(context.Background(), componenttest.NewNopHost()))
	defer func() { require.NoError(t, proc.Shutdown(context.Background())) }()

	const perWindow = 30
	plan := []time.Duration{}
	for range 20 {
		plan = append(plan, time.Second)
	}
	plan = append(plan, 3*time.Second, 3*time.Second, 3*time.Second)
	for range 4 {
		plan = append(plan, time.Second)
	}
	for w, latency := range plan {
		clock.set(anomalyT0.Add(time.Duration(w)*time.Minute + 2*time.Second))
		require.NoError(t, proc.ConsumeTraces(context.Background(), chatWindow(w, perWindow, latency)))
		clock.set(anomalyT0.Add(time.Duration(w+1)*time.Minute + cfg.Anomaly.GracePeriod))
		stage.detector.Advance(clock.get())
		stage.flush()
	}

	// A replay of an old window is late: counted, and still passed on.
	require.NoError(t, proc.ConsumeTraces(context.Background(), chatWindow(3, 7, time.Second)))

	var alerts []anomaly.Alert
	flagged := map[int]int{} // window → flagged calls
	for _, td := range sink.AllTraces() {
		rss := td.ResourceSpans()
		for i := 0; i < rss.Len(); i++ {
			spans := rss.At(i).ScopeSpans().At(0).Spans()
			for k := 0; k < spans.Len(); k++ {
				span := spans.At(k)
				if a, ok, err := anomaly.AlertFromSpan(span); ok {
					require.NoError(t, err)
					svc, _ := rss.At(i).Resource().Attributes().Get("service.name")
					assert.Equal(t, anomaly.ServiceName, svc.Str())
					alerts = append(alerts, a)
					continue
				}
				if flags := genai.StrSlice(span.Attributes(), genai.KeyAnomalyFlags); len(flags) > 0 {
					assert.Equal(t, []string{"latency"}, flags)
					flagged[int(span.StartTimestamp().AsTime().Sub(anomalyT0)/time.Minute)]++
				}
			}
		}
	}
	require.Len(t, alerts, 2, "opened, then resolved")
	assert.Equal(t, alerts[0].ID, alerts[1].ID)
	assert.Equal(t, anomaly.TypeLatency, alerts[0].Type)
	assert.Equal(t, "acme", alerts[0].Tenant)
	assert.Equal(t, "gpt-4o-mini", alerts[0].Model)
	assert.False(t, alerts[0].Resolved())
	assert.Equal(t, anomalyT0.Add(23*time.Minute), alerts[1].ResolvedAt)
	assert.InDelta(t, 3000, alerts[1].Actual, 3000*0.03)
	assert.Equal(t, map[int]int{21: perWindow, 22: perWindow}, flagged,
		"the slow calls after detection are flagged; the first window is judged only when it closes")

	assert.Equal(t, int64(1), counterValue(t, tel, "otelcol_processor_genaianalytics_anomaly_alerts",
		map[string]string{"type": "latency", "state": "open", "outcome": "sent"}))
	assert.Equal(t, int64(1), counterValue(t, tel, "otelcol_processor_genaianalytics_anomaly_alerts",
		map[string]string{"type": "latency", "state": "resolved", "outcome": "sent"}))
	assert.Equal(t, int64(7), counterValue(t, tel, "otelcol_processor_genaianalytics_anomaly_uncounted_spans",
		map[string]string{"reason": "late"}))
	assert.Len(t, sink.AllTraces(), len(plan)+1+2, "every batch passed on, plus two alert batches")
	series, err := tel.GetMetric("otelcol_processor_genaianalytics_anomaly_series")
	require.NoError(t, err)
	assert.Equal(t, int64(2), series.Data.(metricdata.Gauge[int64]).DataPoints[0].Value, "the model's series and the tenant's")
}

func TestAnomalyEvictionsCounted(t *testing.T) {
	cfg := createDefaultConfig()
	cfg.Anomaly.MaxSeries = 2
	tel := componenttest.NewTelemetry()
	t.Cleanup(func() { require.NoError(t, tel.Shutdown(context.Background())) })
	set := processortest.NewNopSettings(metadata.Type)
	set.TelemetrySettings = tel.NewTelemetrySettings()
	proc, err := NewFactory().CreateTraces(context.Background(), set, cfg, new(consumertest.TracesSink))
	require.NoError(t, err)
	require.NoError(t, proc.Start(context.Background(), componenttest.NewNopHost()))
	td := chatWindow(0, 3, time.Second)
	spans := td.ResourceSpans().At(0).ScopeSpans().At(0).Spans()
	for i, model := range []string{"m1", "m2", "m3"} {
		spans.At(i).Attributes().PutStr("gen_ai.request.model", model)
	}
	require.NoError(t, proc.ConsumeTraces(context.Background(), td))
	require.NoError(t, proc.Shutdown(context.Background()))
	// m1+tenant fill the state; m2 evicts m1, m3 evicts m2 (the tenant is always recent).
	assert.Equal(t, int64(2), counterValue(t, tel, "otelcol_processor_genaianalytics_anomaly_series_evicted", nil))
}

// counterValue sums the data points of an int64 counter whose attributes include want.
func counterValue(t *testing.T, tel *componenttest.Telemetry, name string, want map[string]string) int64 {
	t.Helper()
	m, err := tel.GetMetric(name)
	require.NoError(t, err)
	var total int64
	for _, dp := range m.Data.(metricdata.Sum[int64]).DataPoints {
		match := true
		for k, v := range want {
			if got, ok := dp.Attributes.Value(attribute.Key(k)); !ok || got.AsString() != v {
				match = false
			}
		}
		if match {
			total += dp.Value
		}
	}
	return total
}

func TestAnomalyStageDisabledAndUnstarted(t *testing.T) {
	cfg := createDefaultConfig()
	cfg.Anomaly.Enabled = false
	sink := new(consumertest.TracesSink)
	proc, err := NewFactory().CreateTraces(context.Background(), processortest.NewNopSettings(metadata.Type), cfg, sink)
	require.NoError(t, err)
	_, wrapped := proc.(*anomalyTraces)
	assert.False(t, wrapped, "disabled: no stage, no ticker")
	require.NoError(t, proc.Shutdown(context.Background()))

	// Enabled but never started: Shutdown must not wait for a ticker that never ran.
	proc, err = NewFactory().CreateTraces(context.Background(), processortest.NewNopSettings(metadata.Type), createDefaultConfig(), sink)
	require.NoError(t, err)
	require.NoError(t, proc.Shutdown(context.Background()))
}

func TestSampleFromSpan(t *testing.T) {
	span := ptrace.NewSpan()
	span.SetStartTimestamp(pcommon.NewTimestampFromTime(anomalyT0))
	span.SetEndTimestamp(pcommon.NewTimestampFromTime(anomalyT0.Add(1500 * time.Millisecond)))
	tests := []struct {
		name  string
		attrs map[string]any
		want  anomaly.Sample
	}{
		{"duration when no latency attribute", map[string]any{genai.KeyProviderName: "openai", genai.KeyRequestModel: "m"},
			anomaly.Sample{Time: anomalyT0, Tenant: "default", Provider: "openai", Model: "m", LatencyMs: 1500}},
		{"derived fields", map[string]any{
			genai.KeyTenantID: "acme", genai.KeyResponseModel: "m-2024", genai.KeyLatencyMs: 900.0, genai.KeyError: true,
			genai.KeyZeroResult: true, genai.KeyCostUSD: 0.25, genai.KeyInputTokens: 10, genai.KeyOutputTokens: 5,
			genai.KeyUserID: "u-7",
		}, anomaly.Sample{Time: anomalyT0, Tenant: "acme", Model: "m-2024", LatencyMs: 900, Error: true,
			ZeroResult: true, CostUSD: 0.25, Tokens: 15, User: "u-7"}},
		{"unreadable numbers are ignored", map[string]any{genai.KeyLatencyMs: "slow", genai.KeyCostUSD: "lots"},
			anomaly.Sample{Time: anomalyT0, Tenant: "default", LatencyMs: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ptrace.NewSpan()
			span.CopyTo(s)
			require.NoError(t, s.Attributes().FromRaw(tt.attrs))
			fields := readSampleFields(s.Attributes())
			got := sampleFromSpan(s, &fields)
			got.Time = got.Time.UTC()
			assert.Equal(t, tt.want, got)
		})
	}
}

// sampleFields.bool reads a value as genai.Bool does.
func TestSampleFieldsBoolMatchesGenaiBool(t *testing.T) {
	for _, raw := range []any{true, false, int64(0), int64(1), int64(-5), "true", " TRUE ", "1", "0", "false", "yes", "",
		1.0, 0.0, []any{true}, map[string]any{"a": true}, nil} {
		m := pcommon.NewMap()
		require.NoError(t, m.FromRaw(map[string]any{genai.KeyError: raw}))
		fields := readSampleFields(m)
		assert.Equal(t, genai.Bool(m, genai.KeyError), fields.bool(sampleError), "%#v", raw)
	}
}
