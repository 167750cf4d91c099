package genaianalyticsprocessor

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/golden"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/pdatatest/plogtest"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/pdatatest/ptracetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/processor/genaianalyticsprocessor/internal/metadata"
)

// testClock is a settable clock for the join's TTLs.
type testClock struct{ t time.Time }

func (c *testClock) now() time.Time { return c.t }

func newTestProcessor(t *testing.T, cfg *Config) (*genaiProcessor, *testClock) {
	t.Helper()
	p, err := newGenAIProcessor(cfg, componenttest.NewNopTelemetrySettings())
	require.NoError(t, err)
	clock := &testClock{t: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)}
	p.now = clock.now
	return p, clock
}

func readJoinInputs(t *testing.T) (plog.Logs, ptrace.Traces) {
	t.Helper()
	logs, err := golden.ReadLogs(filepath.Join("testdata", "join", "content_logs.yaml"))
	require.NoError(t, err)
	traces, err := golden.ReadTraces(filepath.Join("testdata", "join", "span.yaml"))
	require.NoError(t, err)
	return logs, traces
}

func compareGoldenTraces(t *testing.T, path string, actual ptrace.Traces) {
	t.Helper()
	if *update {
		require.NoError(t, golden.WriteTraces(t, path, actual))
	}
	expected, err := golden.ReadTraces(path)
	require.NoError(t, err)
	require.NoError(t, ptracetest.CompareTraces(expected, actual))
}

func compareGoldenLogs(t *testing.T, path string, actual plog.Logs) {
	t.Helper()
	if *update {
		require.NoError(t, golden.WriteLogs(t, path, actual))
	}
	expected, err := golden.ReadLogs(path)
	require.NoError(t, err)
	require.NoError(t, plogtest.CompareLogs(expected, actual))
}

// TestJoinContentBeforeSpan: content logs arrive first and are merged into the span.
func TestJoinContentBeforeSpan(t *testing.T) {
	p, clock := newTestProcessor(t, enrichOnlyConfig())
	logs, traces := readJoinInputs(t)
	original := plog.NewLogs()
	logs.CopyTo(original)

	outLogs, err := p.processLogs(context.Background(), logs)
	require.NoError(t, err)
	// Content records pass on, redacted like span content; nothing is added.
	original.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(1).Body().Map().PutStr("content",
		"My card [CARD] was charged twice, the export is broken")
	require.NoError(t, plogtest.CompareLogs(original, outLogs))

	clock.t = clock.t.Add(5 * time.Second)
	outTraces, err := p.processTraces(context.Background(), traces)
	require.NoError(t, err)
	compareGoldenTraces(t, filepath.Join("testdata", "join", "expected_content_first_traces.yaml"), outTraces)

	ev, ok := genai.EventFromSpan(outTraces.ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(0), outTraces.ResourceSpans().At(0).Resource())
	require.True(t, ok)
	assert.Equal(t, "My card [CARD] was charged twice, the export is broken", ev.Query)
	assert.Equal(t, "I’m sorry, I don’t know why that happened.", ev.Response)
	assert.True(t, ev.ZeroResult)
	assert.Equal(t, "phrase", ev.ZeroResultReason)
	assert.Equal(t, "troubleshooting", ev.QueryCategory)
	assert.Zero(t, p.join.content.len(), "merged content leaves the memory")
	assert.Zero(t, p.join.spans.len(), "a complete span is not remembered")
}

// TestJoinSpanBeforeContent: the span is written as is, then the late content produces one
// aianalytics.genai_event record with the complete canonical attributes.
func TestJoinSpanBeforeContent(t *testing.T) {
	p, clock := newTestProcessor(t, enrichOnlyConfig())
	logs, traces := readJoinInputs(t)

	outTraces, err := p.processTraces(context.Background(), traces)
	require.NoError(t, err)
	span := outTraces.ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(0)
	ev, ok := genai.EventFromSpan(span, outTraces.ResourceSpans().At(0).Resource())
	require.True(t, ok)
	assert.Empty(t, ev.Query)
	assert.False(t, ev.ZeroResult, "no content yet is not an empty response")

	clock.t = clock.t.Add(5 * time.Second)
	outLogs, err := p.processLogs(context.Background(), logs)
	require.NoError(t, err)
	compareGoldenLogs(t, filepath.Join("testdata", "join", "expected_span_first_logs.yaml"), outLogs)

	require.Equal(t, 2, outLogs.ResourceLogs().Len())
	rl := outLogs.ResourceLogs().At(1)
	lr := rl.ScopeLogs().At(0).LogRecords().At(0)
	late, ok := genai.EventFromLogRecord(lr, rl.Resource())
	require.True(t, ok)
	assert.Equal(t, ev.EventID, late.EventID, "same row key as the span's row")
	assert.Equal(t, ev.Timestamp, late.Timestamp)
	assert.Equal(t, ev.TenantID, late.TenantID)
	assert.Equal(t, ev.ServiceName, late.ServiceName)
	assert.Equal(t, ev.CostUSD, late.CostUSD)
	assert.Equal(t, "My card [CARD] was charged twice, the export is broken", late.Query)
	assert.True(t, late.ZeroResult)
	assert.Equal(t, "troubleshooting", late.QueryCategory)
}

// TestJoinHalfNeverArrives: orphan content and content-less spans leave after the TTL.
func TestJoinHalfNeverArrives(t *testing.T) {
	p, clock := newTestProcessor(t, enrichOnlyConfig())
	logs, traces := readJoinInputs(t)
	_, err := p.processLogs(context.Background(), logs)
	require.NoError(t, err)
	assert.Equal(t, 1, p.join.content.len())

	clock.t = clock.t.Add(31 * time.Second)
	out, err := p.processTraces(context.Background(), traces)
	require.NoError(t, err)
	assert.Zero(t, p.join.content.len(), "orphan content expired")
	ev, ok := genai.EventFromSpan(out.ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(0), out.ResourceSpans().At(0).Resource())
	require.True(t, ok)
	assert.Empty(t, ev.Query, "expired content is not merged")
	assert.Equal(t, 1, p.join.spans.len())

	clock.t = clock.t.Add(31 * time.Second)
	p.join.sweep(clock.t)
	assert.Zero(t, p.join.spans.len())
}

// TestJoinMemoryIsBounded: the oldest entries are evicted when full.
func TestJoinMemoryIsBounded(t *testing.T) {
	cfg := enrichOnlyConfig()
	cfg.ContentJoin.MaxEntries = 3
	p, clock := newTestProcessor(t, cfg)
	for i := 0; i < 10; i++ {
		logs := plog.NewLogs()
		lr := logs.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
		lr.SetEventName(eventUserMessage)
		lr.SetTraceID([16]byte{1, byte(i)})
		lr.SetSpanID([8]byte{1, byte(i)})
		lr.Body().SetEmptyMap().PutStr("content", "hello")
		_, err := p.processLogs(context.Background(), logs)
		require.NoError(t, err)
		clock.t = clock.t.Add(time.Millisecond)
	}
	assert.Equal(t, 3, p.join.content.len())
}

// contentLogs is a user message and a choice, as the OpenAI instrumentations send them.
func contentLogs(traceID pcommon.TraceID, spanID pcommon.SpanID, text string) plog.Logs {
	ld := plog.NewLogs()
	lrs := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
	user := lrs.AppendEmpty()
	user.SetEventName(eventUserMessage)
	user.SetTraceID(traceID)
	user.SetSpanID(spanID)
	user.Body().SetEmptyMap().PutStr("content", text)
	choice := lrs.AppendEmpty()
	choice.SetEventName(eventChoice)
	choice.SetTraceID(traceID)
	choice.SetSpanID(spanID)
	msg := choice.Body().SetEmptyMap().PutEmptyMap("message")
	msg.PutStr("role", "assistant")
	msg.PutStr("content", text)
	return ld
}

func nopTelemetry() component.TelemetrySettings { return componenttest.NewNopTelemetrySettings() }

// TestConcurrentTracesAndLogs runs both paths of one processor at once (go test -race).
func TestConcurrentTracesAndLogs(t *testing.T) {
	p, _ := newTestProcessor(t, enrichOnlyConfig())
	p.now = time.Now
	done := make(chan struct{})
	for w := 0; w < 4; w++ {
		go func(w int) {
			defer func() { done <- struct{}{} }()
			for i := 0; i < 200; i++ {
				td := chatSpan(nil, map[string]any{"tenant.id": "acme"})
				span := firstSpan(td)
				span.SetSpanID([8]byte{byte(w), byte(i)})
				if _, err := p.processTraces(context.Background(), td); err != nil {
					t.Error(err)
				}
				if _, err := p.processLogs(context.Background(), contentLogs(span.TraceID(), span.SpanID(), "hi")); err != nil {
					t.Error(err)
				}
			}
		}(w)
	}
	for w := 0; w < 4; w++ {
		<-done
	}
	assert.Zero(t, p.join.content.len(), "every content half found its span")
}

// TestJoinRemembersOnlyContentlessSpans: a span waits for content only when it carried none
// itself; content that arrived first and left one side missing still makes it wait.
func TestJoinRemembersOnlyContentlessSpans(t *testing.T) {
	logs, _ := readJoinInputs(t)
	userOnly := plog.NewLogs()
	logs.CopyTo(userOnly)
	records := userOnly.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
	records.RemoveIf(func(lr plog.LogRecord) bool { return lr.EventName() != "gen_ai.user.message" })
	require.Equal(t, 1, records.Len())

	for _, tc := range []struct {
		name         string
		contentFirst bool
		spanAttrs    func(pcommon.Map)
		remembered   bool
	}{
		{name: "no content", spanAttrs: func(pcommon.Map) {}, remembered: true},
		{name: "complete content", spanAttrs: benchWithContent, remembered: false},
		{name: "failed call with prompt only", spanAttrs: func(a pcommon.Map) {
			benchWithContent(a)
			a.Remove(genai.KeyOutputMessages)
		}, remembered: false},
		{name: "tool-call turn without answer text", spanAttrs: func(a pcommon.Map) {
			benchWithContent(a)
			a.PutStr(genai.KeyOutputMessages, `[{"role":"assistant","parts":[{"type":"tool_call","name":"lookup","arguments":{}}],"finish_reason":"tool_call"}]`)
		}, remembered: false},
		{name: "user message logged first, answer still to come", contentFirst: true, spanAttrs: func(pcommon.Map) {}, remembered: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, clock := newTestProcessor(t, enrichOnlyConfig())
			if tc.contentFirst {
				first := plog.NewLogs()
				userOnly.CopyTo(first)
				_, err := p.processLogs(context.Background(), first)
				require.NoError(t, err)
				clock.t = clock.t.Add(time.Second)
			}
			td := ptrace.NewTraces()
			spans := td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty().Spans()
			span := benchMetadataSpan(spans, 1)
			// The ids of the span the join test logs belong to.
			span.SetTraceID(pcommon.TraceID{0x6b, 0x8e, 0xff, 0xf7, 0x98, 0x03, 0x81, 0x03, 0xd2, 0x69, 0xb6, 0x33, 0x81, 0x3f, 0xc6, 0x0c})
			span.SetSpanID(pcommon.SpanID{0xfe, 0xe1, 0x9b, 0x7e, 0xc3, 0xc1, 0xb1, 0x74})
			tc.spanAttrs(span.Attributes())
			_, err := p.processTraces(context.Background(), td)
			require.NoError(t, err)
			assert.Equal(t, tc.remembered, p.join.spans.len() == 1, "span remembered")
		})
	}
}

// TestLateContentKeepsAnomalyFlags: the anomaly stage flags spans after the enrichment has
// remembered them for their content; the completed event that replaces a flagged span's row
// must carry the flags too, an unflagged one none.
func TestLateContentKeepsAnomalyFlags(t *testing.T) {
	cfg := createDefaultConfig()
	cfg.Anomaly.WarmupWindows = 5
	factory := NewFactory()
	set := processortest.NewNopSettings(metadata.Type)
	traces := new(consumertest.TracesSink)
	tracesProc, err := factory.CreateTraces(context.Background(), set, cfg, traces)
	require.NoError(t, err)
	logs := new(consumertest.LogsSink)
	logsProc, err := factory.CreateLogs(context.Background(), set, cfg, logs)
	require.NoError(t, err)
	stage := tracesProc.(*anomalyTraces).stage
	clock := &fakeClock{now: anomalyT0}
	stage.now = clock.get
	require.NoError(t, tracesProc.Start(context.Background(), componenttest.NewNopHost()))
	require.NoError(t, logsProc.Start(context.Background(), componenttest.NewNopHost()))
	defer func() {
		require.NoError(t, tracesProc.Shutdown(context.Background()))
		require.NoError(t, logsProc.Shutdown(context.Background()))
	}()

	// 20 normal windows, then slow calls: the detector opens a latency alert at the end of
	// window 20 and flags the slow calls of window 21 (as in TestAnomalyStageFlagsAndAlerts).
	for w := 0; w <= 21; w++ {
		latency := time.Second
		if w >= 20 {
			latency = 3 * time.Second
		}
		clock.set(anomalyT0.Add(time.Duration(w)*time.Minute + 2*time.Second))
		require.NoError(t, tracesProc.ConsumeTraces(context.Background(), chatWindow(w, 30, latency)))
		clock.set(anomalyT0.Add(time.Duration(w+1)*time.Minute + cfg.Anomaly.GracePeriod))
		stage.detector.Advance(clock.get())
		stage.flush()
	}
	spanOf := func(window int) ptrace.Span {
		for _, td := range traces.AllTraces() {
			spans := td.ResourceSpans().At(0).ScopeSpans().At(0).Spans()
			for i := 0; i < spans.Len(); i++ {
				if s := spans.At(i); s.StartTimestamp().AsTime().Sub(anomalyT0)/time.Minute == time.Duration(window) {
					return s
				}
			}
		}
		t.Fatalf("no span of window %d", window)
		return ptrace.Span{}
	}

	for _, tc := range []struct {
		name   string
		window int
		flags  []string
	}{
		{"flagged call", 21, []string{"latency"}},
		{"normal call", 5, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			span := spanOf(tc.window)
			require.Equal(t, tc.flags, genai.StrSlice(span.Attributes(), genai.KeyAnomalyFlags), "the span as written")
			ld := plog.NewLogs()
			lr := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
			lr.SetEventName("gen_ai.user.message")
			lr.SetTraceID(span.TraceID())
			lr.SetSpanID(span.SpanID())
			lr.Body().SetEmptyMap().PutStr("content", "Why is the export so slow?")
			logs.Reset()
			require.NoError(t, logsProc.ConsumeLogs(context.Background(), ld))
			var completed []plog.LogRecord
			for _, out := range logs.AllLogs() {
				for i := 0; i < out.ResourceLogs().Len(); i++ {
					records := out.ResourceLogs().At(i).ScopeLogs().At(0).LogRecords()
					for k := 0; k < records.Len(); k++ {
						if records.At(k).EventName() == genai.EventNameGenAIEvent {
							completed = append(completed, records.At(k))
						}
					}
				}
			}
			require.Len(t, completed, 1)
			assert.Equal(t, tc.flags, genai.StrSlice(completed[0].Attributes(), genai.KeyAnomalyFlags), "the completed event")
		})
	}
}
