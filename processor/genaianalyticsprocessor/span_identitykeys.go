package genaianalyticsprocessor

import "math/bits"

// identityKeys maps each identity attribute key to the fields it feeds: an open-addressed
// table on keyHash, which identityResolver.candidates computes anyway for its key filter, so a
// span's identity keys cost a compare each instead of a map's hash and lookup.
type identityKeys struct {
	entries []identityKey // a power of two long, at most half full
}

type identityKey struct {
	name  string
	used  bool
	slots []identitySlot
}

func newIdentityKeys(fields []identityField) identityKeys {
	n := 0
	for _, f := range fields {
		n += len(f.src.Attributes)
	}
	t := identityKeys{entries: make([]identityKey, 1<<bits.Len(uint(2*n)))}
	for f, field := range fields {
		for prio, k := range field.src.Attributes {
			e := t.entry(k, keyHash(k))
			e.name, e.used = k, true
			e.slots = append(e.slots, identitySlot{field: f, prio: prio})
		}
	}
	return t
}

// entry returns the entry of k (h is keyHash(k)), or the unused one where k would go.
func (t *identityKeys) entry(k string, h uint64) *identityKey {
	mask := uint64(len(t.entries) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		if e := &t.entries[i]; !e.used || e.name == k {
			return e
		}
	}
}

// slotsOf returns the fields k feeds (h is keyHash(k)), and whether k is an identity key.
func (t *identityKeys) slotsOf(k string, h uint64) ([]identitySlot, bool) {
	e := t.entry(k, h)
	return e.slots, e.used
}
