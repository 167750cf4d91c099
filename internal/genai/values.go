package genai

import (
	"math"
	"strconv"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// Str returns the attribute as a string ("" when absent). Non-string values are rendered.
func Str(attrs pcommon.Map, key string) string {
	v, ok := attrs.Get(key)
	if !ok {
		return ""
	}
	return StrOf(v)
}

// StrOf renders a value as Str reads it: a string value as is, any other value rendered.
func StrOf(v pcommon.Value) string {
	if v.Type() == pcommon.ValueTypeStr {
		return v.Str()
	}
	return v.AsString()
}

// AsInt reads an integer from int, double or numeric-string values: instrumentations disagree
// on the type of token counts.
func AsInt(v pcommon.Value) (int64, bool) {
	switch v.Type() {
	case pcommon.ValueTypeInt:
		return v.Int(), true
	case pcommon.ValueTypeDouble:
		return floatToInt(v.Double())
	case pcommon.ValueTypeStr:
		s := strings.TrimSpace(v.Str())
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return i, true
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return floatToInt(f)
		}
	}
	return 0, false
}

// twoTo63 is 2^63 exactly: float64(math.MaxInt64) rounds up to it, so a `> MaxInt64` check
// lets 2^63 through and int64(2^63) wraps to MinInt64.
const twoTo63 = float64(1 << 63)

// floatToInt truncates a finite float, saturating beyond the int64 range (a huge token count
// is clamped downstream instead of being read as 0); NaN and ±Inf are unreadable.
func floatToInt(f float64) (int64, bool) {
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return 0, false
	case f >= twoTo63:
		return math.MaxInt64, true
	case f < -twoTo63:
		return math.MinInt64, true
	default:
		return int64(f), true
	}
}

// AsFloat reads a float from double, int or numeric-string values.
func AsFloat(v pcommon.Value) (float64, bool) {
	switch v.Type() {
	case pcommon.ValueTypeDouble:
		return v.Double(), true
	case pcommon.ValueTypeInt:
		return float64(v.Int()), true
	case pcommon.ValueTypeStr:
		f, err := strconv.ParseFloat(strings.TrimSpace(v.Str()), 64)
		return f, err == nil
	}
	return 0, false
}

// Int returns the attribute as an int64 (0 when absent or unreadable).
func Int(attrs pcommon.Map, key string) int64 {
	v, ok := attrs.Get(key)
	if !ok {
		return 0
	}
	i, _ := AsInt(v)
	return i
}

// Uint32 returns a count clamped to [0, MaxUint32]: negative counts become 0 and absurdly
// large ones saturate instead of wrapping.
func Uint32(attrs pcommon.Map, key string) uint32 {
	return ClampUint32(Int(attrs, key))
}

// ClampUint32 clamps a count into the uint32 range.
func ClampUint32(i int64) uint32 {
	switch {
	case i <= 0:
		return 0
	case i > math.MaxUint32:
		return math.MaxUint32
	default:
		return uint32(i)
	}
}

// Bool reads a boolean from bool, int or string values.
func Bool(attrs pcommon.Map, key string) bool {
	v, ok := attrs.Get(key)
	if !ok {
		return false
	}
	return BoolOf(v)
}

// BoolOf reads a boolean from bool, int or string values (false when unreadable).
func BoolOf(v pcommon.Value) bool {
	switch v.Type() {
	case pcommon.ValueTypeBool:
		return v.Bool()
	case pcommon.ValueTypeInt:
		return v.Int() != 0
	case pcommon.ValueTypeStr:
		b, err := strconv.ParseBool(strings.TrimSpace(v.Str()))
		return err == nil && b
	}
	return false
}

// StrSlice reads a string array (or a single string) attribute.
func StrSlice(attrs pcommon.Map, key string) []string {
	v, ok := attrs.Get(key)
	if !ok {
		return nil
	}
	return strSliceOf(v)
}

// strSliceOf reads a string array (or a single string) value; empty elements are dropped.
func strSliceOf(v pcommon.Value) []string {
	switch v.Type() {
	case pcommon.ValueTypeSlice:
		s := v.Slice()
		out := make([]string, 0, s.Len())
		for i := 0; i < s.Len(); i++ {
			if str := s.At(i).AsString(); str != "" {
				out = append(out, str)
			}
		}
		return out
	case pcommon.ValueTypeStr:
		if v.Str() == "" {
			return nil
		}
		return []string{v.Str()}
	}
	return nil
}
