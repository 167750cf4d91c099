package clickhouseanalyticsexporter

import (
	"strings"
	"testing"

	"github.com/ClickHouse/clickhouse-go/v2/lib/column"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func driverColumn(t *testing.T, chType string) column.Interface {
	t.Helper()
	col, err := column.Type(chType).Column("c", &column.ServerContext{})
	require.NoError(t, err)
	return col
}

// TestColumnReservations pins that the reservations reach the driver's buffers: when a driver
// upgrade renames or retypes the fields they use, this fails instead of the inserts silently
// growing their buffers again.
func TestColumnReservations(t *testing.T) {
	const rows, bytes = 64, 64 * 8
	value := strings.Repeat("x", bytes/rows)

	t.Run("String", func(t *testing.T) {
		col := driverColumn(t, "String")
		require.True(t, reserveString(col, rows, bytes))
		assert.Zero(t, testing.AllocsPerRun(1, func() {
			for range rows / 2 { // AllocsPerRun runs twice: a warm-up and the measured run
				_ = col.AppendRow(&value) // a *string is not boxed
			}
		}))
	})
	t.Run("LowCardinality(String)", func(t *testing.T) {
		col := driverColumn(t, "LowCardinality(String)")
		require.True(t, reserveLowCardinality(col, rows))
		shared := &value
		require.NoError(t, col.AppendRow(shared)) // creates the dictionary
		assert.Zero(t, testing.AllocsPerRun(1, func() {
			for range rows / 4 {
				_ = col.AppendRow(shared)
			}
		}))
	})
	t.Run("Map(LowCardinality(String), String)", func(t *testing.T) {
		col := driverColumn(t, "Map(LowCardinality(String), String)")
		require.True(t, reserveMap(col, rows, bytes))
	})
	t.Run("fixed-width columns", func(t *testing.T) {
		for _, chType := range []string{"UUID", "UInt32", "UInt64", "Float64", "Bool"} {
			col := driverColumn(t, chType)
			assert.True(t, reserveSlice(col, rows), chType)
		}
	})
	t.Run("other column types are left alone", func(t *testing.T) {
		assert.False(t, reserveString(driverColumn(t, "UInt32"), rows, bytes))
		assert.False(t, reserveLowCardinality(driverColumn(t, "String"), rows))
		assert.False(t, reserveMap(driverColumn(t, "String"), rows, bytes))
		assert.False(t, reserveSlice(driverColumn(t, "String"), rows))
		assert.False(t, reserveSlice(driverColumn(t, "Nullable(Float64)"), rows))
	})
}
