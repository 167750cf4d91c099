package genai

import (
	"slices"
	"strings"
)

// Attribute is one entry of an event's attributes Map column.
type Attribute struct {
	Key, Value string
}

// Attributes are the attributes of no column, sorted by key, each key once. A slice instead of
// a map[string]string: ~10 entries cost one allocation of 32 bytes each instead of a hash
// table of ~650 bytes, both when built and for as long as the row waits in the queue; and the
// order is deterministic (a map's was random), which the Map column compresses better.
type Attributes []Attribute

// Get returns the value of key.
func (a Attributes) Get(key string) (string, bool) {
	i, found := slices.BinarySearchFunc(a, key, func(e Attribute, k string) int { return strings.Compare(e.Key, k) })
	if !found {
		return "", false
	}
	return a[i].Value, true
}

// Map returns the attributes as a map.
func (a Attributes) Map() map[string]string {
	m := make(map[string]string, len(a))
	for _, e := range a {
		m[e.Key] = e.Value
	}
	return m
}

// AttributesOf sorts entries by key and keeps, of each key, the last entry: the same entries
// a map filled in this order would hold. entries is reused; the result is nil when empty.
func AttributesOf(entries []Attribute) Attributes {
	if len(entries) == 0 {
		return nil
	}
	// Stable: equal keys stay in arrival order, so the last of each run is the one that wins.
	slices.SortStableFunc(entries, func(x, y Attribute) int { return strings.Compare(x.Key, y.Key) })
	out := entries[:0]
	for i, e := range entries {
		if i+1 < len(entries) && entries[i+1].Key == e.Key {
			continue
		}
		out = append(out, e)
	}
	return Attributes(out)
}

// AttributesFromMap lists m as Attributes.
func AttributesFromMap(m map[string]string) Attributes {
	list := make([]Attribute, 0, len(m))
	for k, v := range m {
		list = append(list, Attribute{Key: k, Value: v})
	}
	return AttributesOf(list)
}
