package clickhouseanalyticsexporter

import (
	"fmt"
	"testing"

	"github.com/ClickHouse/clickhouse-go/v2/lib/column"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// columnAppender is a batch column over a driver column, as the driver's batch hands out.
type columnAppender struct{ col column.Interface }

func (c columnAppender) Append(v any) error {
	_, err := c.col.Append(v)
	return err
}

func (c columnAppender) AppendRow(v any) error { return c.col.AppendRow(v) }

// TestKeyedColumnsEncodeLikeTheDriver pins the keyed tables' direct appends (keyed_columns.go)
// to the driver's own appends of the same values into a new batch's columns: maps with their
// entries sorted by key (the driver's order is random), every other column as it is.
func TestKeyedColumnsEncodeLikeTheDriver(t *testing.T) {
	manyKeys := map[string]string{}
	for i, k := range distinctValues(300) {
		manyKeys[k] = fmt.Sprint(i)
	}
	strs := append(append(distinctValues(300), "a", "", "a", "ü"), distinctValues(300)...)
	maps := []map[string]string{
		{}, {"gap_ms": "30000"}, {"b": "2", "a": "1", "c": ""}, {"gap_ms": "1"}, manyKeys, {"v7": "x"}, {},
	}
	for _, tc := range []struct {
		chType string
		values any
	}{
		{"LowCardinality(String)", strs},
		{"String", strs},
		{"Map(LowCardinality(String), String)", maps},
		{"Map(String, String)", maps[:2]}, // the driver's path: random order beyond one key
		{"UInt8", []uint8{1, 2, 3}},
	} {
		t.Run(tc.chType, func(t *testing.T) {
			want, got := driverColumn(t, tc.chType), driverColumn(t, tc.chType)
			if rows, ok := tc.values.([]map[string]string); ok {
				for _, row := range rows {
					require.NoError(t, want.AppendRow(newSortedMap(row)))
				}
			} else {
				_, err := want.Append(tc.values)
				require.NoError(t, err)
			}
			var s columnScratch
			require.NoError(t, appendKeyedColumn(columnTarget{batch: columnAppender{got}, driver: got}, tc.values, &s))
			assert.Equal(t, want.Rows(), got.Rows())
			assert.Equal(t, encoded(t, want), encoded(t, got))
		})
	}
}

// sortedMap is row as the driver reads an ordered map, its entries sorted by key and handed
// over as strings, as the driver reads a map[string]string.
type sortedMap struct {
	attrs genai.Attributes
	pos   int
}

func newSortedMap(row map[string]string) *sortedMap {
	return &sortedMap{attrs: genai.AttributesFromMap(row)}
}

func (m *sortedMap) Put(k, v any) {}

func (m *sortedMap) Iterator() column.MapIterator {
	m.pos = -1
	return m
}

func (m *sortedMap) Next() bool {
	m.pos++
	return m.pos < len(m.attrs)
}

func (m *sortedMap) Key() any   { return m.attrs[m.pos].Key }
func (m *sortedMap) Value() any { return m.attrs[m.pos].Value }
