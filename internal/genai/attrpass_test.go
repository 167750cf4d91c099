package genai

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

func TestFieldOfKeepsTheMappedKeysOutOfTheAttributes(t *testing.T) {
	for k := range refMappedKeys {
		assert.NotEqual(t, fieldOther, fieldOf(k), k)
	}
	for _, k := range []string{"gen_ai.prompt.0.content", "input.value", "ai.response.textual", "llm.output_messages.1", "aianalytics.followup.response_id"} {
		assert.Equal(t, fieldMappedOnly, fieldOf(k), k)
	}
	for _, k := range []string{"service.name", "app.custom", "aianalytics.dialect", "gen_ai.request.max_tokens", "aianalytics.followup", ""} {
		assert.Equal(t, fieldOther, fieldOf(k), k)
	}
}

// TestEventFromAttributesMatchesReference compares the one-pass reader with the previous
// implementation on random attribute sets: every key kind, every value type, duplicate keys
// (possible in OTLP data; the first wins for a column, the last in the attributes map).
func TestEventFromAttributesMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	res := pcommon.NewResource()
	res.Attributes().PutStr(KeyServiceName, "svc")
	withDupes := 0
	for i := range 3000 {
		attrs := randomAttributes(t, rng, i%2 == 0)
		if len(attrs.AsRaw()) < attrs.Len() {
			withDupes++
		}
		traceID, spanID := randomIDs(rng)
		start := randomStart(rng)
		want, wantOK := refEventFromAttributes(attrs, res, traceID, spanID, start, 3.5)
		got, gotOK := EventFromAttributes(attrs, res, traceID, spanID, start, 3.5)
		require.Equal(t, wantOK, gotOK, "case %d", i)
		require.Equal(t, want, got, "case %d: %v", i, attrs.AsRaw())
	}
	assert.Greater(t, withDupes, 500, "too few cases with duplicate keys")
}

var (
	testKeys = func() []string {
		keys := []string{
			"service.name", "app.custom", "aianalytics.dialect", "gen_ai.prompt.0.content", "input.value",
			"llm.input_messages.0.message.content", "ai.response.text", "aianalytics.followup.gap_ms", "",
			// One invalid key and the valid key it is repaired into (two invalid keys repairing into
			// one were merged in random order before).
			"caf\xe9", "caf\uFFFD",
		}
		for k := range refMappedKeys {
			keys = append(keys, k)
		}
		// Map iteration order is random: sort for a reproducible sequence.
		slices.Sort(keys)
		return keys
	}()
	testStrings = []string{
		"", "x", " 12 ", "1e30", "-7", "NaN", "-Inf", "true", "0", "caf\xe9", "héllo",
		"6f1c2a8e-4d3b-5e7f-9a0b-1c2d3e4f5a6b", "00000000-0000-0000-0000-000000000000", "not-a-uuid",
	}
	testInts    = []int64{0, -1, 5, 1 << 40, math.MaxInt64, math.MinInt64}
	testDoubles = []float64{0.5, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), 1e300, 9.3e18, -3.2}
)

// randomAttributes builds 0–30 attributes. With dupes, they go through OTLP JSON so that keys
// can repeat (pcommon.Map's Put replaces); only valid UTF-8 survives JSON, so invalid keys are
// left to the other half of the cases.
func randomAttributes(t *testing.T, rng *rand.Rand, dupes bool) pcommon.Map {
	span := ptrace.NewSpan()
	attrs := span.Attributes()
	n := rng.IntN(31)
	var keys []string
	if rng.IntN(4) > 0 {
		attrs.PutStr(KeyEventID, testStrings[11+rng.IntN(3)])
		keys = append(keys, KeyEventID)
	}
	for range n {
		key := testKeys[rng.IntN(len(testKeys))]
		if dupes {
			if !utf8.ValidString(key) {
				continue
			}
			keys = append(keys, key)
			key = markerKey(len(keys) - 1)
		}
		randomValue(rng, attrs.PutEmpty(key))
	}
	if !dupes {
		return attrs
	}
	if _, ok := attrs.Get(KeyEventID); ok {
		attrs.Remove(KeyEventID)
		attrs.PutStr(markerKey(0), testStrings[11+rng.IntN(3)])
	}
	return withKeys(t, span, keys)
}

func markerKey(i int) string { return "\u00a7key" + strconv.Itoa(i) + "\u00a7" }

// withKeys renames the marker keys of span's attributes to keys (which may repeat).
func withKeys(t *testing.T, span ptrace.Span, keys []string) pcommon.Map {
	td := ptrace.NewTraces()
	span.CopyTo(td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty().Spans().AppendEmpty())
	data, err := (&ptrace.JSONMarshaler{}).MarshalTraces(td)
	require.NoError(t, err)
	text := string(data)
	for i, k := range keys {
		quoted, err := json.Marshal(k)
		require.NoError(t, err)
		text = strings.Replace(text, `"`+markerKey(i)+`"`, string(quoted), 1)
	}
	td, err = (&ptrace.JSONUnmarshaler{}).UnmarshalTraces([]byte(text))
	require.NoError(t, err)
	return td.ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(0).Attributes()
}

func randomValue(rng *rand.Rand, v pcommon.Value) {
	switch rng.IntN(9) {
	case 0, 1:
		v.SetStr(testStrings[rng.IntN(len(testStrings))])
	case 2:
		v.SetInt(testInts[rng.IntN(len(testInts))])
	case 3:
		v.SetDouble(testDoubles[rng.IntN(len(testDoubles))])
	case 4:
		v.SetBool(rng.IntN(2) == 0)
	case 5:
		s := v.SetEmptySlice()
		for range rng.IntN(4) {
			s.AppendEmpty().SetStr(testStrings[rng.IntN(len(testStrings))])
		}
		s.AppendEmpty().SetInt(testInts[rng.IntN(len(testInts))])
	case 6:
		v.SetEmptyMap().PutStr("k", testStrings[rng.IntN(len(testStrings))])
	case 7:
		v.SetEmptyBytes().FromRaw([]byte{1, 2, 3})
	default: // empty
	}
}

func randomIDs(rng *rand.Rand) (pcommon.TraceID, pcommon.SpanID) {
	var tid pcommon.TraceID
	var sid pcommon.SpanID
	if rng.IntN(3) > 0 {
		for i := range tid {
			tid[i] = byte(rng.Uint32())
		}
	}
	if rng.IntN(3) > 0 {
		for i := range sid {
			sid[i] = byte(rng.Uint32())
		}
	}
	return tid, sid
}

func randomStart(rng *rand.Rand) time.Time {
	switch rng.IntN(5) {
	case 0:
		return time.Date(1850, 1, 1, 0, 0, 0, 0, time.UTC)
	case 1:
		return timestampTime(pcommon.Timestamp(10413792000000000000))
	default:
		return time.Unix(0, rng.Int64N(1<<62)).UTC()
	}
}

func TestHexIDsMatchTheIDsStringMethods(t *testing.T) {
	tid := pcommon.TraceID{0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0xff}
	sid := pcommon.SpanID{0xab, 1, 2, 3, 4, 5, 6, 0xcd}
	for _, c := range []struct {
		tid pcommon.TraceID
		sid pcommon.SpanID
	}{{tid, sid}, {tid, pcommon.SpanID{}}, {pcommon.TraceID{}, sid}, {}} {
		for _, buf := range []*AttributeBuffer{nil, new(AttributeBuffer)} {
			gotTrace, gotSpan := hexIDs(c.tid, c.sid, buf)
			assert.Equal(t, c.tid.String(), gotTrace)
			assert.Equal(t, c.sid.String(), gotSpan)
		}
	}
}

func TestEventFromAttributesKeepsMoreAttributesThanTheStackArray(t *testing.T) {
	attrs := pcommon.NewMap()
	attrs.PutStr(KeyEventID, "6f1c2a8e-4d3b-5e7f-9a0b-1c2d3e4f5a6b")
	for i := range 3 * len(attrPass{}.kept) {
		attrs.PutInt("app.k"+strconv.Itoa(i), int64(i))
		attrs.PutStr(KeyQuery+strconv.Itoa(i%2), "q")
	}
	res := pcommon.NewResource()
	start := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	want, _ := refEventFromAttributes(attrs, res, pcommon.TraceID{1}, pcommon.SpanID{2}, start, 1)
	got, ok := EventFromAttributes(attrs, res, pcommon.TraceID{1}, pcommon.SpanID{2}, start, 1)
	require.True(t, ok)
	assert.Len(t, got.OtherAttributes, 3*len(attrPass{}.kept)+2)
	assert.Equal(t, want, got)
}

// FuzzEventFromAttributesMatchesReference: for any two attributes of any type, the one-pass
// reader builds the same Event as the previous implementation.
func FuzzEventFromAttributesMatchesReference(f *testing.F) {
	f.Add(uint8(0), "123", int64(0), 0.5, false, uint8(0), uint8(5), uint8(1))
	f.Add(uint8(2), "x", int64(-3), math.Inf(1), true, uint8(7), uint8(16), uint8(3))
	f.Add(uint8(4), "\xff", int64(1<<40), math.NaN(), true, uint8(12), uint8(2), uint8(6))
	f.Fuzz(func(t *testing.T, kind uint8, s string, i int64, fl float64, b bool, key1, key2, kind2 uint8) {
		attrs := pcommon.NewMap()
		attrs.PutStr(KeyEventID, s)
		fuzzValue(attrs.PutEmpty(fuzzKeys[int(key1)%len(fuzzKeys)]), kind, s, i, fl, b)
		fuzzValue(attrs.PutEmpty(testKeys[int(key2)%len(testKeys)]), kind2, s, i, fl, b)
		res := pcommon.NewResource()
		start := time.Unix(0, i).UTC()
		want, wantOK := refEventFromAttributes(attrs, res, pcommon.TraceID{1}, pcommon.SpanID{}, start, 2)
		got, gotOK := EventFromAttributes(attrs, res, pcommon.TraceID{1}, pcommon.SpanID{}, start, 2)
		if wantOK != gotOK || !assert.ObjectsAreEqual(want, got) {
			t.Fatalf("one-pass reader differs from the reference:\n got %+v\nwant %+v", got, want)
		}
	})
}
