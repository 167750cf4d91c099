package genai

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

func TestStorableTime(t *testing.T) {
	tests := []struct {
		name     string
		in, want time.Time
	}{
		{"epoch is storable", time.Unix(0, 0).UTC(), time.Unix(0, 0).UTC()},
		{"2300 is clamped", time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC), maxStorableTime},
		{"1800 is clamped", time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC), minStorableTime},
		{"today passes", time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC), time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, storableTime(tt.in))
		})
	}
}

func analyticsSpanFor(traceID pcommon.TraceID, spanID pcommon.SpanID, query string, start time.Time) ptrace.Span {
	span := ptrace.NewSpan()
	span.SetTraceID(traceID)
	span.SetSpanID(spanID)
	span.SetName("chat")
	span.SetStartTimestamp(pcommon.NewTimestampFromTime(start))
	span.SetEndTimestamp(pcommon.NewTimestampFromTime(start.Add(time.Second)))
	span.Attributes().PutStr(KeyEventID, EventIDFor(traceID, spanID).String())
	span.Attributes().PutStr(KeyQuery, query)
	span.Attributes().PutStr("gen_ai.input.messages", query)
	return span
}

func TestEventFromSpanGuards(t *testing.T) {
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	tid := pcommon.TraceID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	res := pcommon.NewResource()

	t.Run("id-less spans keep distinct, replay-stable ids", func(t *testing.T) {
		tests := []struct {
			name      string
			a, b      ptrace.Span
			wantEqual bool
		}{
			{"different content", analyticsSpanFor(pcommon.TraceID{}, pcommon.SpanID{}, "one", now),
				analyticsSpanFor(pcommon.TraceID{}, pcommon.SpanID{}, "two", now), false},
			{"same trace, no span ids", analyticsSpanFor(tid, pcommon.SpanID{}, "one", now),
				analyticsSpanFor(tid, pcommon.SpanID{}, "one", now.Add(time.Millisecond)), false},
			{"a replay", analyticsSpanFor(pcommon.TraceID{}, pcommon.SpanID{}, "one", now),
				analyticsSpanFor(pcommon.TraceID{}, pcommon.SpanID{}, "one", now), true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				a, ok := EventFromSpan(tt.a, res)
				require.True(t, ok)
				b, ok := EventFromSpan(tt.b, res)
				require.True(t, ok)
				assert.Equal(t, tt.wantEqual, a.EventID == b.EventID)
			})
		}
	})

	t.Run("spans with ids keep the processor's id", func(t *testing.T) {
		span := analyticsSpanFor(tid, pcommon.SpanID{1}, "q", now)
		ev, ok := EventFromSpan(span, res)
		require.True(t, ok)
		assert.Equal(t, EventIDFor(tid, pcommon.SpanID{1}), ev.EventID)
	})

	t.Run("a start beyond 2299 is clamped and kept as an attribute", func(t *testing.T) {
		span := analyticsSpanFor(tid, pcommon.SpanID{2}, "q", now)
		// 2300-01-01 in OTLP nanoseconds: beyond int64, where pcommon's AsTime wraps to 1715.
		span.SetStartTimestamp(pcommon.Timestamp(10413792000000000000))
		ev, ok := EventFromSpan(span, res)
		require.True(t, ok)
		assert.Equal(t, maxStorableTime, ev.Timestamp)
		assert.Equal(t, "2300-01-01T00:00:00Z", ev.OtherAttributes.Map()[KeyTimestampOriginal])
	})
}

func TestSanitizeText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"valid text is untouched", "café ☕", "café ☕"},
		{"latin-1 byte", "caf\xe9", "caf\uFFFD"},
		{"stray continuation bytes", "a\xff\xfeb", "a\uFFFDb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := Event{Query: tt.in, UserID: tt.in, AnomalyFlags: []string{tt.in}}
			ev.sanitizeText()
			assert.Equal(t, tt.want, ev.Query)
			assert.Equal(t, tt.want, ev.UserID)
			assert.Equal(t, []string{tt.want}, ev.AnomalyFlags)
		})
	}
}
