package clickhouseanalyticsexporter

import (
	"slices"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// appendKeyedColumns appends a keyed table's columns (keyed_insert.go) to batch. Strings and
// string maps take the direct paths of the genai_events insert (column_dictionary.go) where
// the column's type and the driver's layout allow: the driver's Append boxes every value of a
// LowCardinality column, and reads every map through reflection, copying each key and value
// (the map column alone was a third of encoding a genai_feedback batch). The rest, and every
// column on another driver layout, goes through the driver as before.
func appendKeyedColumns(batch driver.Batch, values []any) (column int, err error) {
	driverColumns := batch.Columns()
	var s columnScratch
	for i, v := range values {
		dst := columnTarget{batch: batch.Column(i)}
		if i < len(driverColumns) {
			dst.driver = driverColumns[i]
		}
		if err := appendKeyedColumn(dst, v, &s); err != nil {
			return i, err
		}
	}
	return 0, nil
}

func appendKeyedColumn(dst columnTarget, values any, s *columnScratch) error {
	switch v := values.(type) {
	case []string:
		if d, ok := dictionaryColumnOf(dst.driver, s.knownKeys()); ok {
			reserveLowCardinality(dst.driver, len(v))
			for i := range v {
				if _, err := d.append(&v[i]); err != nil {
					return err
				}
			}
			return nil
		}
		bytes := 0
		for _, str := range v {
			bytes += len(str)
		}
		reserveString(dst.driver, len(v), bytes)
	case []map[string]string:
		if m, ok := stringMapColumnOf(dst.driver, s.knownKeys()); ok {
			return appendStringMaps(&m, dst, v, s)
		}
	}
	return dst.batch.Append(values)
}

// appendStringMaps appends one map per row to a map column open for direct appends, each
// row's entries sorted by key (the driver's own order is the map's, random).
func appendStringMaps(m *stringMapColumn, dst columnTarget, rows []map[string]string, s *columnScratch) error {
	pairs, valueBytes := 0, 0
	for _, row := range rows {
		pairs += len(row)
		for _, v := range row {
			valueBytes += len(v)
		}
	}
	reserveMap(dst.driver, pairs, valueBytes)
	s.texts, s.offsets = s.texts[:0], s.offsets[:0]
	end := m.lastOffset()
	var keys []string
	for _, row := range rows {
		keys = keys[:0]
		for k := range row {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if _, err := m.keys.appendValue(k); err != nil {
				return err
			}
			s.texts = append(s.texts, row[k])
		}
		end += int64(len(row))
		s.offsets = append(s.offsets, end)
	}
	if _, err := m.values.Append(s.texts); err != nil {
		return err
	}
	_, err := m.offsets.Append(s.offsets)
	return err
}
