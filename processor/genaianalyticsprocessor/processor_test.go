package genaianalyticsprocessor

import (
	"context"
	"flag"
	"path/filepath"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/golden"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/pdatatest/ptracetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/pricing"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/processor/genaianalyticsprocessor/internal/metadata"
)

var update = flag.Bool("update", false, "rewrite expected.yaml golden files")

// dialectCases are the testdata directories holding the same call in each dialect.
var dialectCases = []string{
	"semconv", "semconv_details_event", "semconv_deprecated", "semconv_deprecated_events",
	"openllmetry", "openinference", "vercel_ai",
}

// enrichOnlyConfig is the default config with the stages owned by other files (feedback
// follow-ups, funnel stages, anomaly flags) off, so these goldens cover the enrichment alone.
func enrichOnlyConfig() *Config {
	cfg := createDefaultConfig()
	cfg.Feedback.FollowUpWindow = 0
	cfg.Feedback.DeriveFunnelStages = false
	cfg.Anomaly.Enabled = false
	return cfg
}

// runTraces passes td through a processor built by the factory with cfg.
func runTraces(t *testing.T, cfg *Config, td ptrace.Traces) ptrace.Traces {
	t.Helper()
	sink := new(consumertest.TracesSink)
	factory := NewFactory()
	proc, err := factory.CreateTraces(context.Background(), processortest.NewNopSettings(metadata.Type), cfg, sink)
	require.NoError(t, err)
	require.NoError(t, proc.Start(context.Background(), componenttest.NewNopHost()))
	require.NoError(t, proc.ConsumeTraces(context.Background(), td))
	require.NoError(t, proc.Shutdown(context.Background()))
	require.Len(t, sink.AllTraces(), 1)
	return sink.AllTraces()[0]
}

// TestProcessTracesGolden runs each testdata/<case>/input.yaml through the processor and
// compares with expected.yaml (run with -update to regenerate, then review the diff).
func TestProcessTracesGolden(t *testing.T) {
	for _, name := range append(append([]string(nil), dialectCases...), "passthrough") {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("testdata", name)
			input, err := golden.ReadTraces(filepath.Join(dir, "input.yaml"))
			require.NoError(t, err)
			actual := runTraces(t, enrichOnlyConfig(), input)
			expectedPath := filepath.Join(dir, "expected.yaml")
			if *update {
				require.NoError(t, golden.WriteTraces(t, expectedPath, actual))
			}
			expected, err := golden.ReadTraces(expectedPath)
			require.NoError(t, err)
			require.NoError(t, ptracetest.CompareTraces(expected, actual))
		})
	}
}

// canonical is what must be equal whatever the dialect.
type canonical struct {
	Tenant, User, Session, Model, Provider, Operation string
	In, Out, CacheRead                                uint32
	Query, Response, FinishReason, Category           string
	Cost                                              float64
	CostSource                                        string
	Fingerprint                                       uint64
	ResponseLength                                    uint32
	ZeroResult                                        bool
}

// TestDialectsGiveTheSameEvent checks that every dialect yields the same canonical event.
func TestDialectsGiveTheSameEvent(t *testing.T) {
	// 1000 uncached × 0.15 + 200 cached × 0.075 + 150 × 0.60 = 255 µ$ (gpt-4o-mini list price)
	want := canonical{
		Tenant: "acme", User: "u-7", Session: "s-42", Model: "gpt-4o-mini", Provider: "openai", Operation: "chat",
		In: 1200, Out: 150, CacheRead: 200, Query: "How much does the Pro plan cost?",
		Response: "The Pro plan costs $20 per user per month.", FinishReason: "stop", Category: "pricing",
		Cost: 0.000255, CostSource: "builtin", Fingerprint: fingerprint("how much does the pro plan cost"),
		ResponseLength: 42,
	}
	for _, name := range dialectCases {
		t.Run(name, func(t *testing.T) {
			input, err := golden.ReadTraces(filepath.Join("testdata", name, "input.yaml"))
			require.NoError(t, err)
			out := runTraces(t, enrichOnlyConfig(), input)
			var events []genai.Event
			rss := out.ResourceSpans()
			for i := 0; i < rss.Len(); i++ {
				spans := rss.At(i).ScopeSpans().At(0).Spans()
				for k := 0; k < spans.Len(); k++ {
					if ev, ok := genai.EventFromSpan(spans.At(k), rss.At(i).Resource()); ok {
						events = append(events, ev)
					}
				}
			}
			require.Len(t, events, 1, "exactly one GenAI call per case")
			ev := events[0]
			model := ev.RequestModel
			require.NotNil(t, ev.CostUSD)
			got := canonical{
				Tenant: ev.TenantID, User: ev.UserID, Session: ev.SessionID, Model: pricing.Normalize(model),
				Provider: ev.Provider, Operation: ev.Operation, In: ev.InputTokens, Out: ev.OutputTokens,
				CacheRead: ev.CacheReadTokens, Query: ev.Query, Response: ev.Response, FinishReason: ev.FinishReason,
				Category: ev.QueryCategory, Cost: *ev.CostUSD, CostSource: ev.CostSource, Fingerprint: ev.QueryFingerprint,
				ResponseLength: ev.ResponseLength, ZeroResult: ev.ZeroResult,
			}
			if name == "openinference" {
				// OpenInference reports no finish reason attribute.
				got.FinishReason = want.FinishReason
			}
			assert.Equal(t, want, got)
		})
	}
}

// TestPassthroughUnchanged checks that a non-GenAI span leaves byte-identical.
func TestPassthroughUnchanged(t *testing.T) {
	input, err := golden.ReadTraces(filepath.Join("testdata", "passthrough", "input.yaml"))
	require.NoError(t, err)
	original := ptrace.NewTraces()
	input.CopyTo(original)
	out := runTraces(t, enrichOnlyConfig(), input)
	m := ptrace.ProtoMarshaler{}
	a, err := m.MarshalTraces(original)
	require.NoError(t, err)
	b, err := m.MarshalTraces(out)
	require.NoError(t, err)
	assert.Equal(t, a, b)
}
