package genaianalyticsprocessor

import (
	"sync"
	"time"
)

// evictReason says why an entry left a boundedCache without being taken.
type evictReason int

const (
	evictExpired evictReason = iota
	evictFull
)

// boundedCache is a TTL map with a size bound, ordered by insertion: expired entries are
// swept from the old end on every call (no background goroutine), and when full the oldest
// entry is evicted. onEvict is called, under the lock, for every entry that leaves unused.
// The insertion order is a list threaded through the entries (container/list would add an
// allocation per entry: the content join inserts one per span without content).
type boundedCache[K comparable, V any] struct {
	mu    sync.Mutex
	ttl   time.Duration
	max   int
	byKey map[K]*cacheEntry[K, V]
	// order is the sentinel of a circular list: order.next is the newest entry, order.prev
	// the oldest.
	order   cacheEntry[K, V]
	onEvict func(V, evictReason)
}

type cacheEntry[K comparable, V any] struct {
	key        K
	value      V
	expires    time.Time
	prev, next *cacheEntry[K, V]
}

func newBoundedCache[K comparable, V any](ttl time.Duration, maxEntries int, onEvict func(V, evictReason)) *boundedCache[K, V] {
	c := &boundedCache[K, V]{ttl: ttl, max: maxEntries, byKey: map[K]*cacheEntry[K, V]{}, onEvict: onEvict}
	c.order.prev, c.order.next = &c.order, &c.order
	return c
}

// update applies fn to the entry of k (creating it with the zero value when absent) and
// stores the result; a new entry starts its TTL now, an existing one keeps its deadline.
func (c *boundedCache[K, V]) update(now time.Time, k K, fn func(v V, existed bool) V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sweepLocked(now)
	if e, ok := c.byKey[k]; ok {
		e.value = fn(e.value, true)
		return
	}
	var zero V
	for len(c.byKey) >= c.max && c.order.prev != &c.order {
		oldest := c.order.prev
		c.removeLocked(oldest)
		c.onEvict(oldest.value, evictFull)
	}
	e := &cacheEntry[K, V]{key: k, value: fn(zero, false), expires: now.Add(c.ttl)}
	e.prev, e.next = &c.order, c.order.next
	c.order.next.prev = e
	c.order.next = e
	c.byKey[k] = e
}

// modify applies fn to the entry of k if it exists (never creates or evicts).
func (c *boundedCache[K, V]) modify(now time.Time, k K, fn func(V) V) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sweepLocked(now)
	e, ok := c.byKey[k]
	if !ok {
		return false
	}
	e.value = fn(e.value)
	return true
}

// take removes and returns the entry of k.
func (c *boundedCache[K, V]) take(now time.Time, k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sweepLocked(now)
	e, ok := c.byKey[k]
	if !ok {
		var zero V
		return zero, false
	}
	c.removeLocked(e)
	return e.value, true
}

// get returns the entry of k without removing it.
func (c *boundedCache[K, V]) get(now time.Time, k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sweepLocked(now)
	if e, ok := c.byKey[k]; ok {
		return e.value, true
	}
	var zero V
	return zero, false
}

// sweep drops expired entries.
func (c *boundedCache[K, V]) sweep(now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sweepLocked(now)
}

func (c *boundedCache[K, V]) sweepLocked(now time.Time) {
	for e := c.order.prev; e != &c.order; e = c.order.prev {
		if now.Before(e.expires) {
			return
		}
		c.removeLocked(e)
		c.onEvict(e.value, evictExpired)
	}
}

func (c *boundedCache[K, V]) removeLocked(e *cacheEntry[K, V]) {
	e.prev.next, e.next.prev = e.next, e.prev
	e.prev, e.next = nil, nil
	delete(c.byKey, e.key)
}

func (c *boundedCache[K, V]) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.byKey)
}
