package clickhouseanalyticsexporter

import (
	"reflect"

	"github.com/ClickHouse/clickhouse-go/v2/lib/column"
)

// Appends to LowCardinality(String) and Map(LowCardinality(String), String) columns without
// the driver's per-row path, which boxes every value into an `any`, reflects on it twice and
// hashes it as an interface key (a third of encoding a batch in a profile). The first row of
// each distinct value still goes through the driver's AppendRow, which adds the value to the
// dictionary; every later row of it appends the key the driver gave it and counts the row,
// which is all AppendRow does for a value already in the dictionary. The fields are reached by
// name after checking their types, as in column_reserve.go; on another layout (a driver
// upgrade) the ...Of functions fail and the callers take the driver's path.
// TestDirectAppendsEncodeLikeTheDriver compares the encoded bytes with the driver's.

// dictionaryColumn is a LowCardinality(String) column open for direct appends.
type dictionaryColumn struct {
	col  *column.LowCardinality
	rows *int
	keys *[]int
	// known maps the values appended so far to their dictionary keys.
	known map[string]int
	// last is the previous row's value and key: runs of one value are common (a tenant's,
	// a model's spans arrive together), and comparing strings costs less than a map lookup.
	last    string
	lastKey int
}

// dictionaryColumnOf opens col for direct appends; known is emptied and filled as rows are
// appended (the caller reuses it across columns).
func dictionaryColumnOf(col column.Interface, known map[string]int) (dictionaryColumn, bool) {
	lc, ok := col.(*column.LowCardinality)
	if !ok || lc.Type() != "LowCardinality(String)" || known == nil {
		return dictionaryColumn{}, false
	}
	fields := reflect.ValueOf(lc).Elem()
	rows := unexportedField[int](fields, "rows")
	pending := fields.FieldByName("append")
	if rows == nil || pending.Kind() != reflect.Struct {
		return dictionaryColumn{}, false
	}
	keys := unexportedField[[]int](pending, "keys")
	if keys == nil {
		return dictionaryColumn{}, false
	}
	clear(known)
	return dictionaryColumn{col: lc, rows: rows, keys: keys, known: known, lastKey: -1}, true
}

// append appends one row holding *p and returns its dictionary key. p must stay valid until
// the batch is sent: the dictionary keeps it (as it does when the driver is handed the pointer).
func (d *dictionaryColumn) append(p *string) (key int, err error) {
	key, ok := d.lastKey, d.lastKey >= 0 && *p == d.last
	if !ok {
		key, ok = d.known[*p]
	}
	if ok {
		d.appendKey(key)
	} else {
		if err := d.col.AppendRow(p); err != nil {
			return 0, err
		}
		key = (*d.keys)[len(*d.keys)-1]
		d.known[*p] = key
	}
	d.last, d.lastKey = *p, key
	return key, nil
}

// appendValue is append for a value that is not addressable (a map's key): only a value new to
// the dictionary is copied to the heap for it to keep.
func (d *dictionaryColumn) appendValue(v string) (key int, err error) {
	key, ok := d.lastKey, d.lastKey >= 0 && v == d.last
	if !ok {
		key, ok = d.known[v]
	}
	if !ok {
		p := new(string)
		*p = v
		return d.append(p)
	}
	d.appendKey(key)
	d.last, d.lastKey = v, key
	return key, nil
}

// appendKey appends one row of a value already in the dictionary under key.
func (d *dictionaryColumn) appendKey(key int) {
	*d.keys = append(*d.keys, key)
	*d.rows++
}

// stringMapColumn is a Map(LowCardinality(String), String) column open for direct appends:
// the keys through a dictionaryColumn, the values and the row offsets as typed slices through
// the driver's own columns.
type stringMapColumn struct {
	keys    dictionaryColumn
	values  *column.String
	offsets *column.Int64
}

func stringMapColumnOf(col column.Interface, known map[string]int) (stringMapColumn, bool) {
	m, ok := col.(*column.Map)
	if !ok || m.Type() != "Map(LowCardinality(String), String)" {
		return stringMapColumn{}, false
	}
	fields := reflect.ValueOf(m).Elem()
	keys := unexportedField[column.Interface](fields, "keys")
	values := unexportedField[column.Interface](fields, "values")
	offsets := unexportedField[column.Int64](fields, "offsets")
	if keys == nil || values == nil || offsets == nil {
		return stringMapColumn{}, false
	}
	valueCol, ok := (*values).(*column.String)
	if !ok {
		return stringMapColumn{}, false
	}
	keyCol, ok := dictionaryColumnOf(*keys, known)
	if !ok {
		return stringMapColumn{}, false
	}
	return stringMapColumn{keys: keyCol, values: valueCol, offsets: offsets}, true
}

// lastOffset is where the next row's entries start (0 in a new batch).
func (m *stringMapColumn) lastOffset() int64 {
	n := m.offsets.Rows()
	if n == 0 {
		return 0
	}
	last, _ := m.offsets.Row(n-1, false).(int64)
	return last
}
