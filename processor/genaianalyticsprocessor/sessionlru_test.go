package genaianalyticsprocessor

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/hashicorp/golang-lru/v2/simplelru"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// TestSessionLRUMatchesSimpleLRU replays random gets, adds and updates on sessionLRU and on
// simplelru (which follow-ups used before) and compares what each holds after every step.
func TestSessionLRUMatchesSimpleLRU(t *testing.T) {
	for _, size := range []int{1, 2, 3, 10} {
		t.Run(strconv.Itoa(size), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(size), 7))
			got := newSessionLRU(size)
			want, err := simplelru.NewLRU[sessionKey, call](size, nil)
			require.NoError(t, err)
			for step := 0; step < 5000; step++ {
				key := sessionKey{"t", "u" + strconv.Itoa(rng.IntN(3)), "s" + strconv.Itoa(rng.IntN(2*size+2))}
				c := call{start: pcommon.Timestamp(step)}
				e := got.get(key)
				prev, seen := want.Get(key)
				require.Equal(t, seen, e != nil, "step %d", step)
				switch {
				case e == nil:
					got.add(key, c)
					want.Add(key, c)
				case rng.IntN(2) == 0: // update in place, as observeSpan does
					require.Equal(t, prev, e.call)
					e.call = c
					want.Add(key, c)
				}
				require.Equal(t, want.Len(), got.Len())
				assert.Equal(t, want.Keys(), got.keysOldestFirst(), "step %d", step)
			}
		})
	}
}

// keysOldestFirst lists the sessions least recently active first, like simplelru.Keys.
func (l *sessionLRU) keysOldestFirst() []sessionKey {
	var keys []sessionKey
	for e := l.recent.prev; e != &l.recent; e = e.prev {
		keys = append(keys, e.key)
	}
	return keys
}
