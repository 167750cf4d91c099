package genaianalyticsprocessor

import "hash/maphash"

// sessionLRU is the follow-up state: the latest call of each session, the least recently
// active session evicted first when full. Unlike simplelru (Get, then Add: two lookups of a
// three-string key per call), get hands out the entry to update in place, and a full cache
// reuses the evicted entry. Not safe for concurrent use: followUps holds its lock.
//
// Entries live in one slice linked by index, found through a map from a 64-bit hash of the
// key: a map keyed by the three strings hashed and compared them in the runtime's generic
// (slow) path, and its pointers, like those of the list links, were work for every GC cycle.
// Keys whose hashes collide are chained (sameHash) and told apart by comparing the strings.
type sessionLRU struct {
	max    int
	byHash map[uint64]int32
	// entries[0] is the sentinel of a circular list: its next is the most recently active
	// session, its prev the least. A session's index never changes while it is held.
	entries []sessionEntry
	seeds   [3]maphash.Seed // one per key part: ("a", "b", …) and ("b", "a", …) hash apart
	mask    uint64          // applied to every hash; tests narrow it to force collisions
}

type sessionEntry struct {
	key        sessionKey
	call       call
	hash       uint64
	prev, next int32
	sameHash   int32 // the next entry with the same hash, or noSession
}

// noSession ends a chain of entries with the same hash.
const noSession int32 = -1

func newSessionLRU(maxSessions int) *sessionLRU {
	return &sessionLRU{
		max: maxSessions, byHash: map[uint64]int32{}, entries: make([]sessionEntry, 1, 64),
		seeds: [3]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed(), maphash.MakeSeed()}, mask: ^uint64(0),
	}
}

func (l *sessionLRU) hashKey(k *sessionKey) uint64 {
	h := maphash.String(l.seeds[0], k.tenant) ^ maphash.String(l.seeds[1], k.user) ^ maphash.String(l.seeds[2], k.session)
	return h & l.mask
}

// get returns the entry of key, marked most recently active, or nil. The entry may be updated
// in place until the next add (which may move the entries).
func (l *sessionLRU) get(key sessionKey) *sessionEntry {
	i, ok := l.byHash[l.hashKey(&key)]
	if !ok {
		return nil
	}
	for ; i != noSession; i = l.entries[i].sameHash {
		if e := &l.entries[i]; e.key == key {
			l.unlink(i)
			l.pushFront(i)
			return e
		}
	}
	return nil
}

// add stores the call of a session that get did not find, evicting the least recently
// active session when full.
func (l *sessionLRU) add(key sessionKey, c call) {
	var i int32
	if l.Len() >= l.max {
		i = l.entries[0].prev
		l.unlink(i)
		l.unhash(i)
	} else {
		i = int32(len(l.entries)) //nolint:gosec // max_sessions is an int32-sized config value
		l.entries = append(l.entries, sessionEntry{})
	}
	h := l.hashKey(&key)
	first, collides := l.byHash[h]
	if !collides {
		first = noSession
	}
	l.entries[i] = sessionEntry{key: key, call: c, hash: h, sameHash: first}
	l.byHash[h] = i
	l.pushFront(i)
}

// Len is the number of sessions held.
func (l *sessionLRU) Len() int { return len(l.entries) - 1 }

// unhash removes entry i from the chain of its hash.
func (l *sessionLRU) unhash(i int32) {
	e := &l.entries[i]
	first := l.byHash[e.hash]
	switch {
	case first == i && e.sameHash == noSession:
		delete(l.byHash, e.hash)
	case first == i:
		l.byHash[e.hash] = e.sameHash
	default:
		j := first
		for l.entries[j].sameHash != i {
			j = l.entries[j].sameHash
		}
		l.entries[j].sameHash = e.sameHash
	}
}

func (l *sessionLRU) unlink(i int32) {
	e := &l.entries[i]
	l.entries[e.prev].next, l.entries[e.next].prev = e.next, e.prev
}

func (l *sessionLRU) pushFront(i int32) {
	head := l.entries[0].next
	l.entries[i].prev, l.entries[i].next = 0, head
	l.entries[head].prev = i
	l.entries[0].next = i
}
