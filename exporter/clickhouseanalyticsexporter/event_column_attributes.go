package clickhouseanalyticsexporter

import (
	"github.com/ClickHouse/clickhouse-go/v2/lib/column"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// The attributes Map(LowCardinality(String), String) column of genai_events.

// appendAttributes appends the attributes Map column, directly where the driver's layout
// allows (appendAttributesDirect). Otherwise each row is handed over as an attributeMap, its
// keys interned like dictionary values: the driver reads a plain map[string]string through
// reflection, allocating copies of every key and value (measured as the costliest column of
// the insert in a CPU profile of the collector).
func appendAttributes(dst columnTarget, events []genai.Event, s *columnScratch) error {
	pairs, valueBytes := 0, 0
	for i := range events {
		pairs += len(events[i].OtherAttributes)
		for _, a := range events[i].OtherAttributes {
			valueBytes += len(a.Value)
		}
	}
	reserveMap(dst.driver, pairs, valueBytes)
	if m, ok := stringMapColumnOf(dst.driver, s.knownKeys()); ok {
		return appendAttributesDirect(&m, events, s)
	}
	s.resetInterned()
	// One backing array for the whole batch instead of a slice per row; the values are read
	// from the events in place.
	keys := make([]*string, 0, pairs)
	rows := make([]attributeMap, len(events))
	out := make([]*attributeMap, len(events))
	for i := range events {
		attrs := events[i].OtherAttributes
		from := len(keys)
		for _, a := range attrs {
			keys = append(keys, s.internKey(a.Key))
		}
		rows[i] = attributeMap{keys: keys[from:len(keys):len(keys)], attrs: attrs}
		out[i] = &rows[i]
	}
	return dst.batch.Append(out)
}

// appendAttributesDirect appends the attributes to a map column open for direct appends: the
// keys one by one into its dictionary, the values and the row offsets as one slice each.
// Consecutive rows mostly carry the same keys, sorted: a key equal to the previous row's at the
// same index reuses that one's dictionary key without a lookup.
func appendAttributesDirect(m *stringMapColumn, events []genai.Event, s *columnScratch) error {
	s.texts, s.offsets = s.texts[:0], s.offsets[:0]
	end := m.lastOffset()
	var prev genai.Attributes
	prevKeys, rowKeys := s.rowKeys[0][:0], s.rowKeys[1][:0]
	for i := range events {
		attrs := events[i].OtherAttributes
		rowKeys = rowKeys[:0]
		for j := range attrs {
			if j < len(prev) && prev[j].Key == attrs[j].Key {
				m.keys.appendKey(prevKeys[j])
				rowKeys = append(rowKeys, prevKeys[j])
			} else {
				key, err := m.keys.append(&attrs[j].Key)
				if err != nil {
					return err
				}
				rowKeys = append(rowKeys, key)
			}
			s.texts = append(s.texts, attrs[j].Value)
		}
		prev, prevKeys, rowKeys = attrs, rowKeys, prevKeys
		end += int64(len(attrs))
		s.offsets = append(s.offsets, end)
	}
	s.rowKeys = [2][]int{prevKeys, rowKeys}
	if _, err := m.values.Append(s.texts); err != nil {
		return err
	}
	_, err := m.offsets.Append(s.offsets)
	return err
}

// internKey is intern for a key that is not yet addressable: only its first occurrence is
// copied to the heap.
func (s *columnScratch) internKey(k string) *string {
	if first, ok := s.interned[k]; ok {
		return first
	}
	p := new(string) // not &k: that would move every k to the heap, found or not
	*p = k
	s.interned[k] = p
	return p
}

// attributeMap is one row of the attributes column, read by the driver through
// column.IterableOrderedMap. Keys and values are returned as *string, which needs no
// allocation; equal keys share one pointer, which the LowCardinality dictionary indexes by.
type attributeMap struct {
	keys  []*string
	attrs genai.Attributes
	pos   int
}

func (a *attributeMap) Put(k, v any) {
	ks, _ := k.(string)
	vs, _ := v.(string)
	a.keys, a.attrs = append(a.keys, &ks), append(a.attrs, genai.Attribute{Key: ks, Value: vs})
}

func (a *attributeMap) Iterator() column.MapIterator {
	a.pos = -1
	return a
}

func (a *attributeMap) Next() bool {
	a.pos++
	return a.pos < len(a.keys)
}

func (a *attributeMap) Key() any   { return a.keys[a.pos] }
func (a *attributeMap) Value() any { return &a.attrs[a.pos].Value }
