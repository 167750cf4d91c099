package genaianalyticsprocessor

import (
	"container/list"
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
type boundedCache[K comparable, V any] struct {
	mu      sync.Mutex
	ttl     time.Duration
	max     int
	order   *list.List // of *cacheEntry, oldest at the back
	byKey   map[K]*list.Element
	onEvict func(V, evictReason)
}

type cacheEntry[K comparable, V any] struct {
	key     K
	value   V
	expires time.Time
}

func newBoundedCache[K comparable, V any](ttl time.Duration, maxEntries int, onEvict func(V, evictReason)) *boundedCache[K, V] {
	return &boundedCache[K, V]{ttl: ttl, max: maxEntries, order: list.New(), byKey: map[K]*list.Element{}, onEvict: onEvict}
}

// update applies fn to the entry of k (creating it with the zero value when absent) and
// stores the result; a new entry starts its TTL now, an existing one keeps its deadline.
func (c *boundedCache[K, V]) update(now time.Time, k K, fn func(v V, existed bool) V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sweepLocked(now)
	if el, ok := c.byKey[k]; ok {
		e := el.Value.(*cacheEntry[K, V])
		e.value = fn(e.value, true)
		return
	}
	var zero V
	for c.order.Len() >= c.max {
		oldest := c.order.Back()
		e := oldest.Value.(*cacheEntry[K, V])
		c.order.Remove(oldest)
		delete(c.byKey, e.key)
		c.onEvict(e.value, evictFull)
	}
	c.byKey[k] = c.order.PushFront(&cacheEntry[K, V]{key: k, value: fn(zero, false), expires: now.Add(c.ttl)})
}

// modify applies fn to the entry of k if it exists (never creates or evicts).
func (c *boundedCache[K, V]) modify(now time.Time, k K, fn func(V) V) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sweepLocked(now)
	el, ok := c.byKey[k]
	if !ok {
		return false
	}
	e := el.Value.(*cacheEntry[K, V])
	e.value = fn(e.value)
	return true
}

// take removes and returns the entry of k.
func (c *boundedCache[K, V]) take(now time.Time, k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sweepLocked(now)
	el, ok := c.byKey[k]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.Remove(el)
	delete(c.byKey, k)
	return el.Value.(*cacheEntry[K, V]).value, true
}

// get returns the entry of k without removing it.
func (c *boundedCache[K, V]) get(now time.Time, k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sweepLocked(now)
	if el, ok := c.byKey[k]; ok {
		return el.Value.(*cacheEntry[K, V]).value, true
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
	for el := c.order.Back(); el != nil; el = c.order.Back() {
		e := el.Value.(*cacheEntry[K, V])
		if now.Before(e.expires) {
			return
		}
		c.order.Remove(el)
		delete(c.byKey, e.key)
		c.onEvict(e.value, evictExpired)
	}
}

func (c *boundedCache[K, V]) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
