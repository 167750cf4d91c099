package feedback

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

var ts = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

func u8(v uint8) *uint8 { return &v }

func TestValidate(t *testing.T) {
	rules := NewRules([]string{"copy"}, DefaultStages())
	valid := Feedback{UserID: "u", ResponseID: "r", Type: TypeThumbsUp}
	tests := []struct {
		name   string
		mutate func(*Feedback)
		want   []string // "field: message" prefixes
	}{
		{name: "valid", mutate: func(*Feedback) {}},
		{name: "custom type", mutate: func(f *Feedback) { f.Type = "copy" }},
		{name: "trace link instead of response id", mutate: func(f *Feedback) {
			f.ResponseID, f.TraceID, f.SpanID = "", "5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174"
		}},
		{name: "missing everything", mutate: func(f *Feedback) { *f = Feedback{} },
			want: []string{"user_id: required", "type: required", "response_id: required"}},
		{name: "unknown type", mutate: func(f *Feedback) { f.Type = "meh" }, want: []string{`type: "meh" is not a known feedback type`}},
		{name: "rating without value", mutate: func(f *Feedback) { f.Type = TypeRating }, want: []string{"rating: required for type rating"}},
		{name: "rating out of range", mutate: func(f *Feedback) { f.Type, f.Rating = TypeRating, u8(7) }, want: []string{"rating: must be an integer 1-5, got 7"}},
		{name: "zero trace id", mutate: func(f *Feedback) { f.TraceID = "00000000000000000000000000000000" }, want: []string{"trace_id: must be 32 hex"}},
		{name: "short span id", mutate: func(f *Feedback) { f.SpanID = "abc" }, want: []string{"span_id: must be 16 hex"}},
		{name: "long user id", mutate: func(f *Feedback) { f.UserID = string(make([]byte, MaxIDLength+1)) }, want: []string{"user_id: too long"}},
		{name: "long comment", mutate: func(f *Feedback) { f.Comment = string(make([]rune, MaxCommentLength+1)) }, want: []string{"comment: too long"}},
		{name: "big metadata value", mutate: func(f *Feedback) { f.Metadata = map[string]string{"k": string(make([]byte, MaxMetadataValLen+1))} }, want: []string{"metadata.k: value too long"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := valid
			tt.mutate(&f)
			errs := rules.Validate(&f, "")
			require.Len(t, errs, len(tt.want), "%v", errs)
			for i, w := range tt.want {
				assert.Contains(t, errs[i].Error(), w)
			}
		})
	}
}

func TestValidateFunnel(t *testing.T) {
	rules := NewRules(nil, DefaultStages())
	errs := rules.ValidateFunnel(&FunnelEvent{Stage: "paid"}, "[3].", DefaultStages())
	require.Len(t, errs, 2)
	assert.Equal(t, "[3].user_id: required", errs[0].Error())
	assert.Equal(t, `[3].stage: "paid" is not a funnel stage (ai_query, response_received, satisfied, action_taken, converted)`, errs[1].Error())
	assert.Empty(t, rules.ValidateFunnel(&FunnelEvent{UserID: "u", Stage: StageConverted}, "", DefaultStages()))
}

func TestContentIDs(t *testing.T) {
	base := Feedback{TenantID: "acme", UserID: "u", ResponseID: "r", Type: TypeThumbsUp, Timestamp: ts}
	id := func(f Feedback, clientTime bool) string { f.AssignID(clientTime); return f.EventID }

	later := base
	later.Timestamp = ts.Add(time.Hour)
	assert.Equal(t, id(base, false), id(later, false), "server-stamped time must not change the id")
	assert.NotEqual(t, id(base, true), id(later, true), "a client time is part of the content")

	other := base
	other.TenantID = "globex"
	assert.NotEqual(t, id(base, false), id(other, false))

	shifted := base
	shifted.UserID, shifted.SessionID = "", "u" // same bytes, other field
	assert.NotEqual(t, id(base, false), id(shifted, false))

	given := base
	given.EventID = "client-1"
	assert.Equal(t, "client-1", id(given, false))

	e1 := FunnelEvent{TenantID: "acme", UserID: "u", Stage: StageConverted, Details: map[string]string{"a": "1", "b": "2"}}
	e2 := e1
	e2.Details = map[string]string{"b": "2", "a": "1"}
	e1.AssignID(false)
	e2.AssignID(false)
	assert.Equal(t, e1.EventID, e2.EventID, "map order must not matter")
}

func TestLogRecordRoundTrip(t *testing.T) {
	f := Feedback{EventID: "e", Timestamp: ts, TenantID: "acme", UserID: "u", SessionID: "s", ResponseID: "r",
		TraceID: "5b8efff798038103d269b633813fc60c", SpanID: "eee19b7ec3c1b174", Type: TypeRating, Rating: u8(5),
		Score: DefaultScore(TypeRating, u8(5)), Comment: "great", Source: SourceExplicit, Metadata: map[string]string{"k": "v"}}
	lr := plog.NewLogRecord()
	f.ToLogRecord(lr, ts)
	back, err := FromLogRecord(lr)
	require.NoError(t, err)
	assert.Equal(t, f, back)

	e := FunnelEvent{EventID: "f", Timestamp: ts, TenantID: "acme", UserID: "u", SessionID: "s", Stage: StageSatisfied,
		Details: map[string]string{"k": "v"}}
	lr = plog.NewLogRecord()
	e.ToLogRecord(lr, ts)
	backE, err := FunnelFromLogRecord(lr)
	require.NoError(t, err)
	assert.Equal(t, e, backE)
}

func TestFromLogRecordDefaults(t *testing.T) {
	lr := plog.NewLogRecord()
	lr.SetObservedTimestamp(pcommon.NewTimestampFromTime(ts))
	lr.Attributes().PutStr(KeyType, TypeSave)
	lr.Attributes().PutStr(KeyRating, "9") // out of range: ignored, not stored
	f, err := FromLogRecord(lr)
	require.NoError(t, err)
	assert.Equal(t, genai.DefaultTenant, f.TenantID)
	assert.Equal(t, SourceExplicit, f.Source)
	assert.Nil(t, f.Rating)
	assert.NotEmpty(t, f.EventID)
	assert.Equal(t, ts, f.Timestamp)

	_, err = FromLogRecord(plog.NewLogRecord())
	assert.ErrorIs(t, err, ErrNoType)
	_, err = FunnelFromLogRecord(plog.NewLogRecord())
	assert.ErrorIs(t, err, ErrNoStage)
}

func TestFollowUpFromSpan(t *testing.T) {
	span := ptrace.NewSpan()
	span.SetTraceID(pcommon.TraceID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
	span.SetSpanID(pcommon.SpanID{1, 2, 3, 4, 5, 6, 7, 8})
	span.SetStartTimestamp(pcommon.NewTimestampFromTime(ts))
	span.SetEndTimestamp(pcommon.NewTimestampFromTime(ts.Add(2 * time.Second)))
	a := span.Attributes()

	a.PutStr(KeyFollowUpResponseID, "r-1")
	_, ok := FollowUpFromSpan(span)
	assert.False(t, ok, "not an analytics span")

	a.PutStr(genai.KeyEventID, "ev-1")
	a.PutStr(genai.KeyUserID, "u")
	a.PutStr(genai.KeySessionID, "s")
	a.PutStr(genai.KeyResponseID, "r-2")
	a.PutStr(KeyFollowUpTraceID, "0102030405060708090a0b0c0d0e0f11")
	a.PutStr(KeyFollowUpSpanID, "0102030405060709")
	a.PutInt(KeyFollowUpTime, ts.UnixNano())
	a.PutDouble(KeyFollowUpGapMs, 1500.5)

	fb, ok := FollowUpFromSpan(span)
	require.True(t, ok)
	assert.Equal(t, Feedback{EventID: fb.EventID, Timestamp: ts, TenantID: genai.DefaultTenant, UserID: "u", SessionID: "s",
		ResponseID: "r-1", TraceID: "0102030405060708090a0b0c0d0e0f11", SpanID: "0102030405060709", Type: TypeFollowUp,
		Source: SourceImplicit, Metadata: map[string]string{"gap_ms": "1500.5"}}, fb)
	again, _ := FollowUpFromSpan(span)
	assert.Equal(t, fb.EventID, again.EventID, "a replayed span derives the same id")
}

// TestFollowUpFromSpanWithoutFollowUp: the common span (a query nobody followed up) costs no
// allocation on the exporter's traces path.
func TestFollowUpFromSpanWithoutFollowUp(t *testing.T) {
	span := ptrace.NewSpan()
	a := span.Attributes()
	a.PutStr(genai.KeyEventID, "ev-1")
	a.PutStr(genai.KeyUserID, "u")
	a.PutStr(genai.KeySessionID, "s")
	a.PutBool(genai.KeyError, false)
	allocs := testing.AllocsPerRun(100, func() {
		if _, ok := FollowUpFromSpan(span); ok {
			t.Fatal("no follow-up expected")
		}
	})
	assert.Zero(t, allocs)
}
