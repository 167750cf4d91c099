package genaianalyticsprocessor

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestBoundedCache(t *testing.T) {
	type evicted struct {
		value  int
		reason evictReason
	}
	tests := []struct {
		name        string
		run         func(c *boundedCache[string, int], now time.Time)
		wantLen     int
		wantEvicted []evicted
		wantPresent map[string]int
	}{
		{name: "full evicts oldest first", run: func(c *boundedCache[string, int], now time.Time) {
			for i, k := range []string{"a", "b", "c", "d"} {
				c.update(now, k, func(int, bool) int { return i })
			}
		}, wantLen: 3, wantEvicted: []evicted{{0, evictFull}}, wantPresent: map[string]int{"b": 1, "c": 2, "d": 3}},
		{name: "update of an existing key keeps its place and deadline", run: func(c *boundedCache[string, int], now time.Time) {
			c.update(now, "a", func(int, bool) int { return 1 })
			c.update(now.Add(time.Second), "b", func(int, bool) int { return 2 })
			c.update(now.Add(2*time.Second), "a", func(v int, existed bool) int { return v + 10 })
			c.sweep(now.Add(10 * time.Second)) // a expires, b not yet
		}, wantLen: 1, wantEvicted: []evicted{{11, evictExpired}}, wantPresent: map[string]int{"b": 2}},
		{name: "take removes without eviction", run: func(c *boundedCache[string, int], now time.Time) {
			c.update(now, "a", func(int, bool) int { return 1 })
			c.update(now, "b", func(int, bool) int { return 2 })
			if v, ok := c.take(now, "a"); !ok || v != 1 {
				panic("take")
			}
			c.update(now, "c", func(int, bool) int { return 3 })
			c.update(now, "d", func(int, bool) int { return 4 })
		}, wantLen: 3, wantPresent: map[string]int{"b": 2, "c": 3, "d": 4}},
		{name: "modify never creates", run: func(c *boundedCache[string, int], now time.Time) {
			c.update(now, "a", func(int, bool) int { return 1 })
			c.modify(now, "a", func(v int) int { return v + 1 })
			c.modify(now, "z", func(v int) int { return v + 1 })
		}, wantLen: 1, wantPresent: map[string]int{"a": 2}},
		{name: "expired entries go before a full eviction", run: func(c *boundedCache[string, int], now time.Time) {
			for i, k := range []string{"a", "b", "c"} {
				c.update(now.Add(time.Duration(i)*time.Second), k, func(int, bool) int { return i })
			}
			c.update(now.Add(10*time.Second+time.Millisecond), "d", func(int, bool) int { return 3 })
		}, wantLen: 3, wantEvicted: []evicted{{0, evictExpired}}, wantPresent: map[string]int{"b": 1, "c": 2, "d": 3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []evicted
			c := newBoundedCache[string](10*time.Second, 3, func(v int, r evictReason) { got = append(got, evicted{v, r}) })
			now := time.Unix(1000, 0)
			tc.run(c, now)
			assert.Equal(t, tc.wantEvicted, got)
			assert.Equal(t, tc.wantLen, c.len())
			for k, want := range tc.wantPresent {
				v, ok := c.get(now.Add(9*time.Second), k)
				if assert.True(t, ok, k) {
					assert.Equal(t, want, v, k)
				}
			}
		})
	}
}
