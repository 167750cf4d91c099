package clickhouseanalyticsexporter

import (
	"reflect"
	"unsafe"

	"github.com/ClickHouse/clickhouse-go/v2/lib/column"
)

// bufferSlots lists the buffers of a batch's columns that can be lent (column_buffers.go): the
// slices of pointer-free elements (string bytes and positions, numbers, dictionary keys, null
// maps) of the column types genai_events uses, found by walking the driver's fields with
// reflect, in a fixed order. Other column types have no slots: their buffers are allocated by
// each batch, as before. TestBufferSlots fails when a driver upgrade leaves a column without.
func bufferSlots(cols []column.Interface) []reflect.Value {
	var slots []reflect.Value
	for _, col := range cols {
		slots = appendColumnSlots(slots, col)
	}
	return slots
}

var columnInterfaceType = reflect.TypeFor[column.Interface]()

func appendColumnSlots(slots []reflect.Value, col column.Interface) []reflect.Value {
	switch col.(type) {
	case *column.String, *column.LowCardinality, *column.Map, *column.Array, *column.Nullable,
		*column.UUID, *column.DateTime64, *column.Bool, *column.UInt8, *column.UInt32,
		*column.UInt64, *column.Int64, *column.Float32, *column.Float64:
	default:
		return slots
	}
	v := reflect.ValueOf(col)
	if v.IsNil() {
		return slots
	}
	return appendFieldSlots(slots, v.Elem())
}

// appendFieldSlots walks the fields of the addressable struct s: pointer-free slices are slots,
// struct fields, nested columns (a dictionary, a map's keys and values, an array's elements)
// and the structs of a slice of pointers (an array's offsets) are walked in turn.
func appendFieldSlots(slots []reflect.Value, s reflect.Value) []reflect.Value {
	for i := range s.NumField() {
		f := s.Field(i)
		// Writable handle on the (unexported) field.
		field := reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
		switch {
		case f.Kind() == reflect.Slice && pointerFree(f.Type().Elem()):
			slots = append(slots, field)
		case f.Kind() == reflect.Struct:
			slots = appendFieldSlots(slots, field)
		case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.Pointer &&
			f.Type().Elem().Elem().Kind() == reflect.Struct:
			for j := range f.Len() {
				if elem := f.Index(j); !elem.IsNil() {
					slots = appendFieldSlots(slots, elem.Elem())
				}
			}
		case f.Type() == columnInterfaceType && !f.IsNil():
			slots = appendColumnSlots(slots, field.Interface().(column.Interface))
		}
	}
	return slots
}

// pointerFree: a buffer of such elements keeps nothing else alive while it waits for a batch.
func pointerFree(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return true
	case reflect.Array:
		return pointerFree(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if !pointerFree(t.Field(i).Type) {
				return false
			}
		}
		return true
	}
	return false
}
