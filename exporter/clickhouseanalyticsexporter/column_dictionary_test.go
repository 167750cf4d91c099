package clickhouseanalyticsexporter

import (
	"fmt"
	"testing"

	"github.com/ClickHouse/ch-go/proto"
	"github.com/ClickHouse/clickhouse-go/v2/lib/column"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// encoded is what the driver sends for col.
func encoded(t *testing.T, col column.Interface) []byte {
	t.Helper()
	var buf proto.Buffer
	if prefix, ok := col.(column.CustomSerialization); ok {
		require.NoError(t, prefix.WriteStatePrefix(&buf))
	}
	col.Encode(&buf)
	return buf.Buf
}

func distinctValues(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("v%d", i)
	}
	return out
}

// TestDirectAppendsEncodeLikeTheDriver pins the direct appends (column_dictionary.go) to the
// driver's own: the same rows must encode to the same bytes, including past 255 distinct
// values (wider keys) and after rows already appended the driver's way.
func TestDirectAppendsEncodeLikeTheDriver(t *testing.T) {
	t.Run("LowCardinality(String)", func(t *testing.T) {
		for _, tc := range []struct {
			name   string
			before []string // appended the driver's way first
			values []string
		}{
			{name: "one value", values: []string{"a", "a", "a"}},
			{name: "repeating values and empty strings", values: []string{"a", "", "b", "a", "", "ü", "b"}},
			{name: "more than 255 distinct values", values: append(distinctValues(300), distinctValues(300)...)},
			{name: "after driver appends", before: []string{"b", "c"}, values: []string{"a", "b", "c", "a"}},
			{name: "no rows"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				want, got := driverColumn(t, "LowCardinality(String)"), driverColumn(t, "LowCardinality(String)")
				var s columnScratch
				for _, col := range []column.Interface{want, got} {
					s.resetInterned()
					for i := range tc.before {
						require.NoError(t, col.AppendRow(s.intern(&tc.before[i])))
					}
				}
				s.resetInterned()
				for i := range tc.values {
					require.NoError(t, want.AppendRow(s.intern(&tc.values[i])))
				}
				direct, ok := dictionaryColumnOf(got, s.knownKeys())
				require.True(t, ok)
				for i := range tc.values {
					_, err := direct.append(&tc.values[i])
					require.NoError(t, err)
				}
				assert.Equal(t, want.Rows(), got.Rows())
				assert.Equal(t, encoded(t, want), encoded(t, got))
			})
		}
	})
	t.Run("Map(LowCardinality(String), String)", func(t *testing.T) {
		many := make(genai.Attributes, 300)
		for i, k := range distinctValues(300) {
			many[i] = genai.Attribute{Key: k, Value: "x" + k}
		}
		for _, tc := range []struct {
			name string
			rows []genai.Attributes
		}{
			{name: "rows with and without entries", rows: []genai.Attributes{
				nil, {{Key: "a", Value: "1"}, {Key: "b"}}, {}, {{Key: "a", Value: "2"}}, nil,
			}},
			{name: "more than 255 distinct keys", rows: []genai.Attributes{many, {{Key: "v7", Value: "y"}}, many}},
			{name: "no rows"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				chType := "Map(LowCardinality(String), String)"
				want, got := driverColumn(t, chType), driverColumn(t, chType)
				// The driver's way: one ordered map per row, its keys interned.
				var s columnScratch
				s.resetInterned()
				for _, attrs := range tc.rows {
					row := attributeMap{attrs: attrs}
					for _, a := range attrs {
						row.keys = append(row.keys, s.internKey(a.Key))
					}
					require.NoError(t, want.AppendRow(&row))
				}
				events := make([]genai.Event, len(tc.rows))
				for i, attrs := range tc.rows {
					events[i].OtherAttributes = attrs
				}
				direct, ok := stringMapColumnOf(got, s.knownKeys())
				require.True(t, ok)
				require.NoError(t, appendAttributesDirect(&direct, events, &s))
				assert.Equal(t, want.Rows(), got.Rows())
				assert.Equal(t, encoded(t, want), encoded(t, got))
			})
		}
	})
	t.Run("other column types take the driver's path", func(t *testing.T) {
		known := map[string]int{}
		for _, chType := range []string{"String", "LowCardinality(Nullable(String))", "Array(LowCardinality(String))"} {
			_, ok := dictionaryColumnOf(driverColumn(t, chType), known)
			assert.False(t, ok, chType)
		}
		for _, chType := range []string{"Map(String, String)", "Map(LowCardinality(String), UInt64)"} {
			_, ok := stringMapColumnOf(driverColumn(t, chType), known)
			assert.False(t, ok, chType)
		}
	})
}
