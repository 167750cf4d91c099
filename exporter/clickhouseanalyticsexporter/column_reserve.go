package clickhouseanalyticsexporter

import (
	"reflect"
	"slices"
	"unsafe"

	"github.com/ClickHouse/ch-go/proto"
	"github.com/ClickHouse/clickhouse-go/v2/lib/column"
)

// Capacity reservations in the driver's column buffers. clickhouse-go appends a batch one value
// at a time, so every buffer doubles its way up to the batch's size: in a profile of the
// collector, proto.(*ColStr).Append was a quarter of all bytes allocated, plus the memmove of
// each regrowth. The driver offers no way to size a column, so these reach its unexported
// fields by name, after checking their types with reflect; on any other layout (a driver
// upgrade) they do nothing and the appends simply grow as before. Only capacity is touched,
// never content: what is written cannot depend on them. TestColumnReservations fails when
// they stop taking effect.

// reserveSlice makes room for rows more values in a column that keeps them in one slice
// (numbers, UUIDs, booleans: the driver's types keep it in a field named col).
func reserveSlice(col column.Interface, rows int) bool {
	v := reflect.ValueOf(col)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return false
	}
	f := v.Elem().FieldByName("col")
	if f.Kind() != reflect.Slice || !f.CanAddr() {
		return false
	}
	reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Grow(rows)
	return true
}

// reserveString makes room for rows more strings of bytes bytes in all in a String column.
func reserveString(col column.Interface, rows, bytes int) bool {
	s, ok := col.(*column.String)
	if !ok {
		return false
	}
	buf := unexportedField[proto.ColStr](reflect.ValueOf(s).Elem(), "col")
	if buf == nil {
		return false
	}
	buf.Buf = slices.Grow(buf.Buf, bytes)
	buf.Pos = slices.Grow(buf.Pos, rows)
	return true
}

// reserveLowCardinality makes room for rows more dictionary keys in a LowCardinality column.
func reserveLowCardinality(col column.Interface, rows int) bool {
	lc, ok := col.(*column.LowCardinality)
	if !ok {
		return false
	}
	pending := reflect.ValueOf(lc).Elem().FieldByName("append")
	if pending.Kind() != reflect.Struct {
		return false
	}
	keys := unexportedField[[]int](pending, "keys")
	if keys == nil {
		return false
	}
	*keys = slices.Grow(*keys, rows)
	return true
}

// reserveMap makes room for pairs more entries, of valueBytes bytes of values in all, in a
// Map(LowCardinality(String), String) column.
func reserveMap(col column.Interface, pairs, valueBytes int) bool {
	m, ok := col.(*column.Map)
	if !ok {
		return false
	}
	fields := reflect.ValueOf(m).Elem()
	keys := unexportedField[column.Interface](fields, "keys")
	values := unexportedField[column.Interface](fields, "values")
	if keys == nil || values == nil {
		return false
	}
	okKeys := reserveLowCardinality(*keys, pairs)
	okValues := reserveString(*values, pairs, valueBytes)
	return okKeys && okValues
}

// unexportedField returns a pointer to the field name of the addressable struct v, or nil when
// there is no such field of type T.
func unexportedField[T any](v reflect.Value, name string) *T {
	f := v.FieldByName(name)
	if !f.IsValid() || f.Type() != reflect.TypeFor[T]() || !f.CanAddr() {
		return nil
	}
	return (*T)(unsafe.Pointer(f.UnsafeAddr()))
}
