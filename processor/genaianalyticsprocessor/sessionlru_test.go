package genaianalyticsprocessor

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"unsafe"

	"github.com/hashicorp/golang-lru/v2/simplelru"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// TestSessionLRUMatchesSimpleLRU replays random gets, adds and updates on sessionLRU and on
// simplelru (which follow-ups used before) and compares what each holds after every step.
func TestSessionLRUMatchesSimpleLRU(t *testing.T) {
	testSessionLRUMatchesSimpleLRU(t, nil)
}

// TestSessionLRUCollidingHashes is the same replay with every key hashed alike, or into two
// buckets: entries with the same hash must still be told apart, found and evicted alone.
func TestSessionLRUCollidingHashes(t *testing.T) {
	for _, mask := range []uint64{0, 1} {
		t.Run("mask="+strconv.FormatUint(mask, 10), func(t *testing.T) {
			testSessionLRUMatchesSimpleLRU(t, &mask)
		})
	}
}

// testSessionLRUMatchesSimpleLRU replays; mask, when set, narrows the LRU's hashes.
func testSessionLRUMatchesSimpleLRU(t *testing.T, mask *uint64) {
	for _, size := range []int{1, 2, 3, 10} {
		t.Run(strconv.Itoa(size), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(size), 7))
			got := newSessionLRU(size)
			if mask != nil {
				got.mask = *mask
			}
			want, err := simplelru.NewLRU[sessionKey, call](size, nil)
			require.NoError(t, err)
			for step := 0; step < 5000; step++ {
				key := sessionKey{"t", "u" + strconv.Itoa(rng.IntN(3)), "s" + strconv.Itoa(rng.IntN(2*size+2))}
				lruStep(t, got, want, step, key, rng.IntN(2) == 0)
				require.Equal(t, want.Len(), got.Len())
			}
		})
	}
}

// idsOldestFirst lists the sessions least recently active first, like simplelru.Keys.
func (l *sessionLRU) idsOldestFirst() []sessionID {
	var ids []sessionID
	for i := l.entries[0].prev; i != 0; i = l.entries[i].prev {
		ids = append(ids, l.entries[i].id)
	}
	return ids
}

// FuzzSessionLRUMatchesSimpleLRU replays fuzzed gets, adds and updates on sessionLRU, with
// whole, two-valued or constant hashes, and on simplelru.
func FuzzSessionLRUMatchesSimpleLRU(f *testing.F) {
	f.Add(uint8(3), uint8(0), []byte{0, 1, 2, 3, 0x10, 0x21, 4, 5, 0, 0x36})
	f.Add(uint8(1), uint8(1), []byte{7, 7, 0x17, 8, 7})
	f.Add(uint8(8), uint8(2), []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3})
	f.Fuzz(func(t *testing.T, size, hashes uint8, ops []byte) {
		size = size%12 + 1
		got := newSessionLRU(int(size))
		got.mask = []uint64{0, 1, ^uint64(0)}[hashes%3]
		want, err := simplelru.NewLRU[sessionKey, call](int(size), nil)
		require.NoError(t, err)
		for step, op := range ops {
			// Low bits pick one of 16 sessions (two tenants, users and session ids alike),
			// the high bits whether a found session is updated.
			key := sessionKey{"t" + strconv.Itoa(int(op&1)), "u" + strconv.Itoa(int(op>>1&3)), "s" + strconv.Itoa(int(op>>3&1))}
			lruStep(t, got, want, step, key, op&0x10 != 0)
		}
	})
}

// lruStep looks key up in both caches, adds it where it is missing or, when update is set,
// updates a found session in place (as observeSpan does), and compares both caches' order.
func lruStep(t *testing.T, got *sessionLRU, want *simplelru.LRU[sessionKey, call], step int, key sessionKey, update bool) {
	t.Helper()
	c := call{start: pcommon.Timestamp(step)}
	e := got.get(key)
	prev, seen := want.Get(key)
	require.Equal(t, seen, e != nil, "step %d", step)
	switch {
	case e == nil:
		got.add(key, c)
		want.Add(key, c)
	case update:
		require.Equal(t, prev, e.call)
		e.call = c
		want.Add(key, c)
	}
	var wantIDs []sessionID
	for _, k := range want.Keys() {
		wantIDs = append(wantIDs, got.idOf(&k))
	}
	assert.Equal(t, wantIDs, got.idsOldestFirst(), "step %d", step)
}

// TestSessionEntrySize pins what the follow-up state costs per session held (max_sessions of
// them): the id, the call and the links, without the key's strings.
func TestSessionEntrySize(t *testing.T) {
	assert.Equal(t, uintptr(88), unsafe.Sizeof(sessionEntry{}))
}

// TestSessionLRUCapacityStopsAtMax: the entries never take room for more than max_sessions.
func TestSessionLRUCapacityStopsAtMax(t *testing.T) {
	for _, size := range []int{1, 63, 64, 100, 1000} {
		l := newSessionLRU(size)
		for i := range 2 * size {
			l.add(sessionKey{"t", "u", strconv.Itoa(i)}, call{})
		}
		assert.Equal(t, size, l.Len())
		assert.LessOrEqual(t, cap(l.entries), max(size+1, 64), "size %d", size)
	}
}
