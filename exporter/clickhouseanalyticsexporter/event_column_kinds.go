package clickhouseanalyticsexporter

import (
	"github.com/ClickHouse/clickhouse-go/v2/lib/column"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// The ways genai_events columns are handed to the driver, by column type.

// columnScratch is reused by the columns of one batch: the driver copies what it is given
// (strings into its buffers, dictionary values into its index), so one slice serves them all.
type columnScratch struct {
	texts    []string
	pointers []*string
	interned map[string]*string
}

// values appends get of every event as one typed slice (numbers, UUIDs, times, arrays), the
// driver's buffer sized for the batch first where it is one slice.
func values[T any](get func(ev *genai.Event) T) func(columnTarget, []genai.Event, *columnScratch) error {
	return func(dst columnTarget, events []genai.Event, _ *columnScratch) error {
		out := make([]T, len(events))
		for i := range events {
			out[i] = get(&events[i])
		}
		reserveSlice(dst.driver, len(events))
		return dst.batch.Append(out)
	}
}

// appendTemperatures appends the Nullable(Float32) temperatures, pointing into one array
// instead of allocating each value.
func appendTemperatures(dst columnTarget, events []genai.Event, _ *columnScratch) error {
	backing := make([]float32, len(events))
	out := make([]*float32, len(events))
	for i := range events {
		if t := events[i].Temperature; t != nil {
			backing[i] = float32(*t)
			out[i] = &backing[i]
		}
	}
	return dst.batch.Append(out)
}

// appendAnomalyFlags appends the Array(LowCardinality(String)) flags row by row: the driver's
// Append of a [][]string boxes a reflect.Value per row, its AppendRow of a []string does not
// (nor boxes the nil slice of an event without flags).
func appendAnomalyFlags(dst columnTarget, events []genai.Event, _ *columnScratch) error {
	for i := range events {
		flags := events[i].AnomalyFlags
		if len(flags) == 0 {
			flags = nil
		}
		if err := dst.batch.AppendRow(flags); err != nil {
			return err
		}
	}
	return nil
}

// text appends a String column, its buffer sized for the batch first.
func text(get func(ev *genai.Event) string) func(columnTarget, []genai.Event, *columnScratch) error {
	return func(dst columnTarget, events []genai.Event, s *columnScratch) error {
		s.texts = s.texts[:0]
		bytes := 0
		for i := range events {
			v := get(&events[i])
			s.texts = append(s.texts, v)
			bytes += len(v)
		}
		reserveString(dst.driver, len(events), bytes)
		return dst.batch.Append(s.texts)
	}
}

// dictionary appends a LowCardinality(String) column as pointers, one per distinct value. The
// driver indexes its dictionary by the value it is given: a string is boxed into an interface
// (one allocation per row) and hashed twice, a shared pointer is neither.
func dictionary(get func(ev *genai.Event) *string) func(columnTarget, []genai.Event, *columnScratch) error {
	return func(dst columnTarget, events []genai.Event, s *columnScratch) error {
		s.pointers = s.pointers[:0]
		s.resetInterned()
		for i := range events {
			s.pointers = append(s.pointers, s.intern(get(&events[i])))
		}
		reserveLowCardinality(dst.driver, len(events))
		return dst.batch.Append(s.pointers)
	}
}

// intern returns the first pointer seen to a string equal to *p.
func (s *columnScratch) intern(p *string) *string {
	if first, ok := s.interned[*p]; ok {
		return first
	}
	s.interned[*p] = p
	return p
}

func (s *columnScratch) resetInterned() {
	if s.interned == nil {
		s.interned = make(map[string]*string)
	}
	clear(s.interned)
}

// appendAttributes appends the attributes Map column. The driver reads a plain
// map[string]string through reflection, allocating copies of every key and value (measured as
// the costliest column of the insert in a CPU profile of the collector), so each row is handed
// over as an attributeMap instead, its keys interned like dictionary values.
func appendAttributes(dst columnTarget, events []genai.Event, s *columnScratch) error {
	pairs := 0
	for i := range events {
		pairs += len(events[i].OtherAttributes)
	}
	s.resetInterned()
	// One backing array for the whole batch instead of a slice per row; the values are read
	// from the events in place.
	keys := make([]*string, 0, pairs)
	rows := make([]attributeMap, len(events))
	out := make([]*attributeMap, len(events))
	valueBytes := 0
	for i := range events {
		attrs := events[i].OtherAttributes
		from := len(keys)
		for _, a := range attrs {
			keys = append(keys, s.internKey(a.Key))
			valueBytes += len(a.Value)
		}
		rows[i] = attributeMap{keys: keys[from:len(keys):len(keys)], attrs: attrs}
		out[i] = &rows[i]
	}
	reserveMap(dst.driver, pairs, valueBytes)
	return dst.batch.Append(out)
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
