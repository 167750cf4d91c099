package clickhouseanalyticsexporter

import (
	"reflect"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// The ways genai_events columns are handed to the driver, by column type.

// columnScratch is reused by the columns of a batch, and travels with the lent column buffers
// from batch to batch (column_buffers.go): the driver copies what it is given (strings into its
// buffers, dictionary values into its index), so one slice serves them all.
type columnScratch struct {
	texts    []string
	pointers []*string
	interned map[string]*string
	offsets  []int64
	rowKeys  [2][]int // dictionary keys of the previous and the current attributes row
	// known: the dictionary keys of a column appended to directly (column_dictionary.go).
	known map[string]int
	// typed holds a *[]T per element type T of the values columns.
	typed map[reflect.Type]any
}

// scratchSlice returns n elements of s's scratch of type T, reused by every column of that
// type (the driver copies the values into its own buffers).
func scratchSlice[T any](s *columnScratch, n int) []T {
	if s.typed == nil {
		s.typed = make(map[reflect.Type]any)
	}
	p, ok := s.typed[reflect.TypeFor[T]()].(*[]T)
	if !ok {
		p = new([]T)
		s.typed[reflect.TypeFor[T]()] = p
	}
	if cap(*p) < n {
		*p = make([]T, n)
	}
	return (*p)[:n]
}

// knownKeys is the scratch's value → dictionary key map, created on first use.
func (s *columnScratch) knownKeys() map[string]int {
	if s.known == nil {
		s.known = make(map[string]int)
	}
	return s.known
}

// values appends get of every event as one typed slice (numbers, UUIDs, times, arrays), the
// driver's buffer sized for the batch first where it is one slice.
func values[T any](get func(ev *genai.Event) T) func(columnTarget, []genai.Event, *columnScratch) error {
	return func(dst columnTarget, events []genai.Event, s *columnScratch) error {
		out := scratchSlice[T](s, len(events))
		for i := range events {
			out[i] = get(&events[i])
		}
		reserveSlice(dst.driver, len(events))
		err := dst.batch.Append(out)
		clear(out) // the scratch outlives the batch: it must not keep the rows' values alive
		return err
	}
}

// appendTemperatures appends the Nullable(Float32) temperatures, pointing into one array
// instead of allocating each value.
func appendTemperatures(dst columnTarget, events []genai.Event, s *columnScratch) error {
	backing := scratchSlice[float32](s, len(events))
	out := scratchSlice[*float32](s, len(events))
	for i := range events {
		out[i] = nil
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

// dictionary appends a LowCardinality(String) column, directly where the driver's layout
// allows (column_dictionary.go). Otherwise as pointers, one per distinct value: the driver
// indexes its dictionary by the value it is given, and a string is boxed into an interface
// (one allocation per row) and hashed twice, a shared pointer is neither.
func dictionary(get func(ev *genai.Event) *string) func(columnTarget, []genai.Event, *columnScratch) error {
	return func(dst columnTarget, events []genai.Event, s *columnScratch) error {
		reserveLowCardinality(dst.driver, len(events))
		if d, ok := dictionaryColumnOf(dst.driver, s.knownKeys()); ok {
			for i := range events {
				if _, err := d.append(get(&events[i])); err != nil {
					return err
				}
			}
			return nil
		}
		s.pointers = s.pointers[:0]
		s.resetInterned()
		for i := range events {
			s.pointers = append(s.pointers, s.intern(get(&events[i])))
		}
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

// release drops the scratch's references to the rows, so a kept scratch pins none of them.
func (s *columnScratch) release() {
	clear(s.texts[:cap(s.texts)])
	clear(s.pointers[:cap(s.pointers)])
	s.texts, s.pointers = s.texts[:0], s.pointers[:0]
	clear(s.interned)
	clear(s.known)
}

func (s *columnScratch) resetInterned() {
	if s.interned == nil {
		s.interned = make(map[string]*string)
	}
	clear(s.interned)
}
