package genai

import (
	"math"
	"testing"
	"time"
	"unicode/utf8"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// fuzzKeys are the attributes EventFromAttributes reads with a type conversion.
var fuzzKeys = []string{
	KeyInputTokens, KeyOutputTokens, KeyCacheReadTokens, KeyCacheWriteTokens, KeyReasoningTokens,
	KeyRequestTemperature, KeyCostUSD, KeyLatencyMs, KeyQueryFingerprint, KeyResponseLength,
	KeyError, KeyZeroResult, KeyAnomalyFlags, KeyTenantID, KeyQuery, KeyEventID, "app.custom",
}

// fuzzValue builds an attribute value of the kind selected by kind from the fuzzed parts.
func fuzzValue(v pcommon.Value, kind uint8, s string, i int64, f float64, b bool) {
	switch kind % 8 {
	case 0:
		v.SetStr(s)
	case 1:
		v.SetInt(i)
	case 2:
		v.SetDouble(f)
	case 3:
		v.SetBool(b)
	case 4:
		sl := v.SetEmptySlice()
		sl.AppendEmpty().SetStr(s)
		sl.AppendEmpty().SetInt(i)
		sl.AppendEmpty().SetEmptyMap().PutDouble(s, f)
	case 5:
		m := v.SetEmptyMap()
		m.PutStr(s, s)
		m.PutInt("n", i)
	case 6:
		v.SetEmptyBytes().FromRaw([]byte(s))
	default: // empty value
	}
}

// FuzzAttributeReading feeds arbitrary attribute values to the readers every span goes
// through: they must never panic, and what they return must be storable (finite floats,
// non-negative counts from non-negative inputs, a tenant, a cost source).
func FuzzAttributeReading(f *testing.F) {
	f.Add(uint8(0), "123", int64(0), 0.0, false, uint8(0), true)
	f.Add(uint8(0), " 1e30 ", int64(0), 0.0, false, uint8(1), true)
	f.Add(uint8(0), "NaN", int64(0), 0.0, false, uint8(6), true)
	f.Add(uint8(0), "-Inf", int64(0), 0.0, false, uint8(7), true)
	f.Add(uint8(2), "", int64(0), math.NaN(), false, uint8(2), true)
	f.Add(uint8(2), "", int64(0), math.Inf(1), false, uint8(5), false)
	f.Add(uint8(2), "", int64(0), 9.223372036854775807e18, false, uint8(0), true)
	f.Add(uint8(2), "", int64(0), -9.3e18, false, uint8(0), true)
	f.Add(uint8(1), "", int64(math.MinInt64), 0.0, false, uint8(8), true)
	f.Add(uint8(1), "", int64(math.MaxInt64), 0.0, false, uint8(0), true)
	f.Add(uint8(0), "\xff\xfe not utf-8", int64(-1), -0.0, true, uint8(13), true)
	f.Add(uint8(0), "not-a-uuid", int64(0), 0.0, false, uint8(15), true)
	f.Add(uint8(4), "x", int64(7), 1.5, true, uint8(12), true)
	f.Add(uint8(5), "k", int64(7), 1.5, true, uint8(16), false)

	f.Fuzz(func(t *testing.T, kind uint8, s string, i int64, fl float64, b bool, keyIdx uint8, withID bool) {
		v := pcommon.NewValueEmpty()
		fuzzValue(v, kind, s, i, fl, b)

		if n, ok := AsInt(v); ok {
			if v.Type() == pcommon.ValueTypeDouble && v.Double() >= 0 && n < 0 {
				t.Fatalf("AsInt(%v) = %d: a non-negative double must not wrap negative", v.Double(), n)
			}
		}
		_, _ = AsFloat(v)

		attrs := pcommon.NewMap()
		if withID {
			attrs.PutStr(KeyEventID, "6f1c2a8e-4d3b-5e7f-9a0b-1c2d3e4f5a6b")
		}
		v.CopyTo(attrs.PutEmpty(fuzzKeys[int(keyIdx)%len(fuzzKeys)]))
		res := pcommon.NewResource()
		v.CopyTo(res.Attributes().PutEmpty(KeyServiceName))
		var traceID pcommon.TraceID
		copy(traceID[:], s)
		start := time.Unix(0, i).UTC()

		ev, ok := EventFromAttributes(attrs, res, traceID, pcommon.SpanID{}, start, 12.5)
		_, hasID := attrs.Get(KeyEventID)
		if ok != hasID {
			t.Fatalf("ok=%v but event id present=%v", ok, hasID)
		}
		if !ok {
			return
		}
		if ev.TenantID == "" || ev.CostSource == "" {
			t.Fatalf("tenant %q / cost source %q must never be empty", ev.TenantID, ev.CostSource)
		}
		if math.IsNaN(ev.LatencyMs) || math.IsInf(ev.LatencyMs, 0) || ev.LatencyMs < 0 {
			t.Fatalf("latency %v is not a finite non-negative number", ev.LatencyMs)
		}
		for name, p := range map[string]*float64{"temperature": ev.Temperature, "cost": ev.CostUSD} {
			if p != nil && (math.IsNaN(*p) || math.IsInf(*p, 0)) {
				t.Fatalf("%s %v is not finite", name, *p)
			}
		}
		if ev.EventID.String() == "00000000-0000-0000-0000-000000000000" {
			t.Fatalf("zero event id")
		}
		for _, text := range []string{ev.TenantID, ev.Query, ev.ServiceName, ev.RequestModel} {
			if !utf8.ValidString(text) {
				t.Fatalf("%q is not valid UTF-8", text)
			}
		}
		for _, a := range ev.OtherAttributes {
			if !utf8.ValidString(a.Key) || !utf8.ValidString(a.Value) {
				t.Fatalf("attribute %q=%q is not valid UTF-8", a.Key, a.Value)
			}
		}
		if ev.Timestamp.Before(minStorableTime) || ev.Timestamp.After(maxStorableTime) {
			t.Fatalf("timestamp %s outside the storable range", ev.Timestamp)
		}
	})
}
