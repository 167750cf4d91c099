package genaianalyticsprocessor

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

var t0 = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// testCall describes an already-enriched analytics span.
type testCall struct {
	trace, span byte
	user        string
	session     string
	op          string
	startSec    float64 // seconds after t0
	durSec      float64
	responseID  string
	failed      bool
}

func addCall(td ptrace.Traces, c testCall) ptrace.Span {
	ss := td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty()
	span := ss.Spans().AppendEmpty()
	span.SetTraceID(pcommon.TraceID{c.trace, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	span.SetSpanID(pcommon.SpanID{c.trace, c.span, 2, 3, 4, 5, 6, 7})
	start := t0.Add(time.Duration(c.startSec * float64(time.Second)))
	span.SetStartTimestamp(pcommon.NewTimestampFromTime(start))
	span.SetEndTimestamp(pcommon.NewTimestampFromTime(start.Add(time.Duration(c.durSec * float64(time.Second)))))
	a := span.Attributes()
	a.PutStr(genai.KeyEventID, genai.EventIDFor(span.TraceID(), span.SpanID()).String())
	a.PutStr(genai.KeyTenantID, "acme")
	op := c.op
	if op == "" {
		op = "chat"
	}
	a.PutStr(genai.KeyOperationName, op)
	if c.user != "" {
		a.PutStr(genai.KeyUserID, c.user)
	}
	if c.session != "" {
		a.PutStr(genai.KeySessionID, c.session)
	}
	if c.responseID != "" {
		a.PutStr(genai.KeyResponseID, c.responseID)
	}
	a.PutBool(genai.KeyError, c.failed)
	return span
}

type followUpMark struct {
	ResponseID, TraceID, SpanID string
	GapMs                       float64
}

func markOf(span ptrace.Span) *followUpMark {
	a := span.Attributes()
	if _, ok := a.Get(feedback.KeyFollowUpTime); !ok {
		return nil
	}
	gap, _ := a.Get(feedback.KeyFollowUpGapMs)
	return &followUpMark{genai.Str(a, feedback.KeyFollowUpResponseID), genai.Str(a, feedback.KeyFollowUpTraceID),
		genai.Str(a, feedback.KeyFollowUpSpanID), gap.Double()}
}

func TestFollowUpDetection(t *testing.T) {
	first := testCall{trace: 1, user: "u", session: "s", startSec: 0, durSec: 2, responseID: "r-1"}
	firstTrace := "01010203040506070809" + "0a0b0c0d0e0f"
	firstSpan := "0100020304050607"
	tests := []struct {
		name    string
		batches [][]testCall
		// want is the mark expected on each call, in the order they were given (nil: none).
		want []*followUpMark
	}{
		{name: "next query 30 s later in two batches",
			batches: [][]testCall{{first}, {{trace: 2, user: "u", session: "s", startSec: 32, durSec: 1, responseID: "r-2"}}},
			want:    []*followUpMark{nil, {"r-1", firstTrace, firstSpan, 30000}}},
		{name: "both queries in one batch, out of order",
			batches: [][]testCall{{{trace: 2, user: "u", session: "s", startSec: 32, durSec: 1}, first}},
			want:    []*followUpMark{{"r-1", firstTrace, firstSpan, 30000}, nil}},
		{name: "later query arrived first, earlier one in a later batch",
			batches: [][]testCall{{{trace: 2, user: "u", session: "s", startSec: 32, durSec: 1}}, {first}},
			want:    []*followUpMark{nil, {"r-1", firstTrace, firstSpan, 30000}}},
		{name: "outside the window",
			batches: [][]testCall{{first}, {{trace: 2, user: "u", session: "s", startSec: 200, durSec: 1}}},
			want:    []*followUpMark{nil, nil}},
		{name: "another session",
			batches: [][]testCall{{first}, {{trace: 2, user: "u", session: "other", startSec: 10, durSec: 1}}},
			want:    []*followUpMark{nil, nil}},
		{name: "another user in the same session id",
			batches: [][]testCall{{first}, {{trace: 2, user: "v", session: "s", startSec: 10, durSec: 1}}},
			want:    []*followUpMark{nil, nil}},
		{name: "same trace is one turn (agent loop)",
			batches: [][]testCall{{first, {trace: 1, span: 9, user: "u", session: "s", startSec: 3, durSec: 1}}},
			want:    []*followUpMark{nil, nil}},
		{name: "overlapping calls are not follow-ups",
			batches: [][]testCall{{first, {trace: 2, user: "u", session: "s", startSec: 1, durSec: 1}}},
			want:    []*followUpMark{nil, nil}},
		{name: "no session: no follow-up",
			batches: [][]testCall{{{trace: 1, user: "u", startSec: 0, durSec: 1}, {trace: 2, user: "u", startSec: 5, durSec: 1}}},
			want:    []*followUpMark{nil, nil}},
		{name: "embeddings are not queries",
			batches: [][]testCall{{first, {trace: 2, user: "u", session: "s", op: "embeddings", startSec: 5, durSec: 1}}},
			want:    []*followUpMark{nil, nil}},
		{name: "a chain marks each previous response",
			batches: [][]testCall{{first}, {{trace: 2, user: "u", session: "s", startSec: 12, durSec: 1, responseID: "r-2"}},
				{{trace: 3, user: "u", session: "s", startSec: 23, durSec: 1}}},
			want: []*followUpMark{nil, {"r-1", firstTrace, firstSpan, 10000},
				{"r-2", "02010203040506070809" + "0a0b0c0d0e0f", "0200020304050607", 10000}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := defaultFeedbackConfig()
			f := newFollowUps(cfg)
			require.NotNil(t, f)
			var got []*followUpMark
			for _, batch := range tt.batches {
				td := ptrace.NewTraces()
				spans := make([]ptrace.Span, len(batch))
				for i, c := range batch {
					spans[i] = addCall(td, c)
				}
				f.observe(td)
				for _, s := range spans {
					got = append(got, markOf(s))
				}
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestFollowUpStateIsBounded(t *testing.T) {
	cfg := defaultFeedbackConfig()
	cfg.MaxSessions = 2
	f := newFollowUps(cfg)
	td := ptrace.NewTraces()
	for i, s := range []string{"a", "b", "c"} {
		addCall(td, testCall{trace: byte(i + 1), user: "u", session: s, startSec: float64(i), durSec: 0.5})
	}
	f.observe(td)
	assert.Equal(t, 2, f.last.Len())
	// Session a was evicted: its next query finds no previous call.
	td = ptrace.NewTraces()
	late := addCall(td, testCall{trace: 9, user: "u", session: "a", startSec: 10, durSec: 1})
	f.observe(td)
	assert.Nil(t, markOf(late))
}

func TestFollowUpsOffWhenWindowZero(t *testing.T) {
	cfg := defaultFeedbackConfig()
	cfg.FollowUpWindow = 0
	assert.Nil(t, newFollowUps(cfg))
}

// TestNoFunnelStagesOnSpans: the processor leaves funnel stages to the analytics API (derived
// from genai_events), and its rule for what is a query is the one the API applies.
func TestNoFunnelStagesOnSpans(t *testing.T) {
	cfg := createDefaultConfig()
	cfg.Feedback.DeriveFunnelStages = true // a config from an earlier version still loads
	td := ptrace.NewTraces()
	span := addCall(td, testCall{trace: 1, user: "u", session: "s", durSec: 1})
	enrich := func(_ context.Context, td ptrace.Traces) (ptrace.Traces, error) { return td, nil }
	_, err := withFeedback(cfg, enrich)(context.Background(), td)
	require.NoError(t, err)
	_, found := span.Attributes().Get("aianalytics.funnel.stages")
	assert.False(t, found)

	want := map[string]bool{}
	for _, op := range feedback.NonQueryOperations() {
		want[op] = true
	}
	assert.Equal(t, want, nonQueryOperations)
}
