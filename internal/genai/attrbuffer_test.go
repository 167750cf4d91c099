package genai

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// bufferTestSpan is a GenAI span with n attributes of no column (some duplicated, one
// possibly with a key to repair) and a start that may need clamping.
func bufferTestSpan(n int, badKey, clamp bool) ptrace.Span {
	span := ptrace.NewSpan()
	span.SetTraceID(pcommon.TraceID{1})
	span.SetSpanID(pcommon.SpanID{byte(n + 1)})
	start := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	if clamp {
		start = time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	span.SetStartTimestamp(pcommon.NewTimestampFromTime(start))
	a := span.Attributes()
	a.PutStr(KeyEventID, "6f1c2a8e-4d3b-5e7f-9a0b-1c2d3e4f5a6b")
	for i := range n {
		a.PutInt("app.k"+strconv.Itoa(i%7), int64(i)) // duplicates from the 8th on
		a.PutStr("app.s"+strconv.Itoa(i), "v"+strconv.Itoa(i))
	}
	if badKey {
		a.PutStr("app.\xff", "x")
	}
	return span
}

// TestEventFromSpanWithSharesArrays: events converted through one AttributeBuffer equal those
// converted alone, whichever path lists their attributes, and appending to one event's
// attributes leaves its neighbours' alone.
func TestEventFromSpanWithSharesArrays(t *testing.T) {
	spans := []ptrace.Span{
		bufferTestSpan(3, false, false),
		bufferTestSpan(0, false, false),
		bufferTestSpan(40, false, false), // beyond the stack array
		bufferTestSpan(5, true, false),   // a key to repair
		bufferTestSpan(5, false, true),   // a clamped start: one extra attribute
		bufferTestSpan(600, false, false),
		bufferTestSpan(2, false, false),
		// The keys of the span before, in the same order (their sorted order is reused), with
		// other values, and then with a duplicate key.
		bufferTestSpan(2, false, false),
		bufferTestSpan(9, false, false),
		bufferTestSpan(9, false, false),
		bufferTestSpan(9, true, false),
		bufferTestSpan(9, true, false),
	}
	spans[len(spans)-4].Attributes().PutStr("app.s1", "another value")
	res := pcommon.NewResource()
	var buf AttributeBuffer
	var got []Event
	for _, span := range spans {
		ev, ok := EventFromSpanWith(span, res, &buf)
		require.True(t, ok)
		got = append(got, ev)
	}
	for i, span := range spans {
		want, ok := EventFromSpan(span, res)
		require.True(t, ok)
		assert.Equal(t, want, got[i], "span %d", i)
	}
	for i := range got {
		before := append(Attributes(nil), got[(i+1)%len(got)].OtherAttributes...)
		_ = append(got[i].OtherAttributes, Attribute{Key: "zzz", Value: "appended"})
		assert.Equal(t, before, append(Attributes(nil), got[(i+1)%len(got)].OtherAttributes...), "event %d", i)
	}
}

func TestAttributeBufferChunks(t *testing.T) {
	var buf AttributeBuffer
	first := buf.take(3)
	assert.Equal(t, 3, cap(first))
	second := buf.take(4)
	assert.Equal(t, 4, cap(second))
	big := buf.take(5 * maxAttributeChunk)
	assert.Equal(t, 5*maxAttributeChunk, cap(big))
	assert.Equal(t, 0, cap((*AttributeBuffer)(nil).take(0)))
	for range 100 {
		buf.take(maxAttributeChunk / 2)
	}
	assert.LessOrEqual(t, buf.next, maxAttributeChunk)
}

// TestAttributeBufferTextsAndFloats: texts and number pairs taken from one buffer, across
// chunk boundaries and beyond the largest chunk, keep their values.
func TestAttributeBufferTextsAndFloats(t *testing.T) {
	var buf AttributeBuffer
	var texts []string
	var pairs []*[2]float64
	for i := range 3000 {
		s := strconv.Itoa(i) + strings.Repeat("x", i%50)
		if i%1000 == 999 {
			s = strings.Repeat("y", 3*maxTextChunk) // larger than any chunk
		}
		texts = append(texts, buf.text([]byte(s)))
		pair := buf.floatPair()
		pair[0], pair[1] = float64(i), -float64(i)
		pairs = append(pairs, pair)
	}
	for i := range 3000 {
		want := strconv.Itoa(i) + strings.Repeat("x", i%50)
		if i%1000 == 999 {
			want = strings.Repeat("y", 3*maxTextChunk)
		}
		require.Equal(t, want, texts[i], "text %d", i)
		require.Equal(t, [2]float64{float64(i), -float64(i)}, *pairs[i], "pair %d", i)
	}
	assert.LessOrEqual(t, buf.nextTexts, maxTextChunk)
	assert.LessOrEqual(t, buf.nextFloats, maxFloatChunk)
	var none *AttributeBuffer
	assert.Equal(t, "abc", none.text([]byte("abc")))
	assert.NotNil(t, none.floatPair())
}

// FuzzEventFromSpanWithMatchesEventFromSpan: for any two attributes of any type on two spans,
// converting both through one AttributeBuffer gives the events converted alone.
func FuzzEventFromSpanWithMatchesEventFromSpan(f *testing.F) {
	f.Add(uint8(0), "123", int64(0), 0.5, false, uint8(0), uint8(5), uint8(1))
	f.Add(uint8(2), "x", int64(-3), math.Inf(1), true, uint8(7), uint8(16), uint8(3))
	f.Add(uint8(4), "\xff", int64(1<<40), math.NaN(), true, uint8(12), uint8(2), uint8(6))
	f.Fuzz(func(t *testing.T, kind uint8, s string, i int64, fl float64, b bool, key1, key2, kind2 uint8) {
		res := pcommon.NewResource()
		var buf AttributeBuffer
		spans := make([]ptrace.Span, 2)
		for n := range spans {
			spans[n] = ptrace.NewSpan()
			spans[n].SetStartTimestamp(pcommon.Timestamp(uint64(i) >> n))
			attrs := spans[n].Attributes()
			attrs.PutStr(KeyEventID, s)
			fuzzValue(attrs.PutEmpty(fuzzKeys[int(key1)%len(fuzzKeys)]), kind, s, i, fl, b)
			fuzzValue(attrs.PutEmpty(testKeys[int(key2+uint8(n))%len(testKeys)]), kind2, s, i, fl, b)
			fuzzValue(attrs.PutEmpty(s), kind2, s, i, fl, b)
		}
		var got []Event
		for _, span := range spans {
			ev, _ := EventFromSpanWith(span, res, &buf)
			got = append(got, ev)
		}
		for n, span := range spans {
			want, _ := EventFromSpan(span, res)
			if !assert.ObjectsAreEqual(want, got[n]) {
				t.Fatalf("span %d: buffered conversion differs:\n got %+v\nwant %+v", n, got[n], want)
			}
		}
	})
}
