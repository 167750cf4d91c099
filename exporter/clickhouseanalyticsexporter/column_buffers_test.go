package clickhouseanalyticsexporter

import (
	"fmt"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/column"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bufferColumnCases are the column types of genai_events with rows to fill them: a long batch
// first (its buffers are kept), then a shorter one with other values (appended to the lent
// buffers).
var bufferColumnCases = []struct {
	chType        string
	first, second []any
}{
	{"UUID", []any{uuid.New(), uuid.New(), uuid.New()}, []any{uuid.New()}},
	{"DateTime64(6, 'UTC')", []any{time.Unix(1, 0), time.Unix(2, 0), time.Unix(3, 0)}, []any{time.Unix(4, 5000)}},
	{"String", []any{"long value one", "long value two", "three"}, []any{"x"}},
	{"LowCardinality(String)", []any{"a", "b", "c", "a"}, []any{"c", "d"}},
	{"Nullable(Float32)", []any{float32(1), nil, float32(3)}, []any{nil, float32(9)}},
	{"Nullable(Float64)", []any{1.5, nil, 3.5}, []any{2.5}},
	{"UInt32", []any{uint32(1), uint32(2), uint32(3)}, []any{uint32(7)}},
	{"UInt64", []any{uint64(1), uint64(2), uint64(3)}, []any{uint64(7)}},
	{"Float64", []any{1.0, 2.0, 3.0}, []any{7.0}},
	{"Bool", []any{true, false, true}, []any{false}},
	{"Array(LowCardinality(String))", []any{[]string{"a", "b"}, []string(nil), []string{"c"}}, []any{[]string{"b"}}},
	{"Map(LowCardinality(String), String)",
		[]any{map[string]string{"a": "1", "b": "2"}, map[string]string{"c": "long value"}}, []any{map[string]string{"b": "x"}}},
}

// TestBufferSlots pins that every column type of genai_events has buffers to lend: when a
// driver upgrade changes their layout, this fails instead of every batch silently allocating
// its buffers again. Other types have none.
func TestBufferSlots(t *testing.T) {
	for _, tc := range bufferColumnCases {
		assert.NotEmpty(t, bufferSlots([]column.Interface{driverColumn(t, tc.chType)}), tc.chType)
	}
	assert.Empty(t, bufferSlots([]column.Interface{driverColumn(t, "Tuple(String, UInt8)")}))
}

// TestLentBuffersEncodeLikeNewOnes: rows appended to a column holding an earlier batch's
// buffers encode exactly as in a new column, whether the earlier batch was encoded or not.
func TestLentBuffersEncodeLikeNewOnes(t *testing.T) {
	for _, tc := range bufferColumnCases {
		for _, encodeFirst := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/encoded=%t", tc.chType, encodeFirst), func(t *testing.T) {
				var set columnBufferSet
				first := driverColumn(t, tc.chType)
				slots := bufferSlots([]column.Interface{first})
				for _, v := range tc.first {
					require.NoError(t, first.AppendRow(v))
				}
				set.keepFrom(slots) // as before a send
				if encodeFirst {
					encoded(t, first)
				}
				set.keepFrom(slots)

				lent, fresh := driverColumn(t, tc.chType), driverColumn(t, tc.chType)
				lentSlots := bufferSlots([]column.Interface{lent})
				set.lendTo(lentSlots)
				reused := 0
				for i, slot := range lentSlots {
					if slot.Cap() > 0 && slot.Cap() == set.buffers[i].Cap() {
						reused++
					}
				}
				assert.Positive(t, reused, "no buffer was lent")
				for _, v := range tc.second {
					require.NoError(t, lent.AppendRow(v))
					require.NoError(t, fresh.AppendRow(v))
				}
				assert.Equal(t, encoded(t, fresh), encoded(t, lent))
			})
		}
	}
}

// TestColumnBufferPool: a set goes back to the free list once, however the batch ends, and
// concurrent batches never hold the same set.
func TestColumnBufferPool(t *testing.T) {
	var pool columnBufferPool
	a, b := pool.take(), pool.take()
	assert.NotSame(t, a, b)
	pool.put(a)
	assert.Same(t, a, pool.take())
	for range maxFreeBufferSets + 2 {
		pool.put(new(columnBufferSet))
	}
	assert.Len(t, pool.free, maxFreeBufferSets)

	t.Run("kept buffers are bounded", func(t *testing.T) {
		var set columnBufferSet
		col := driverColumn(t, "String")
		slots := bufferSlots([]column.Interface{col})
		require.True(t, reserveString(col, 1, maxKeptBufferBytes+1))
		set.keepFrom(slots)
		for _, buf := range set.buffers {
			if buf.IsValid() {
				assert.LessOrEqual(t, buf.Cap()*int(buf.Type().Elem().Size()), maxKeptBufferBytes)
			}
		}
	})
}
