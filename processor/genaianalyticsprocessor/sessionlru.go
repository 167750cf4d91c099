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
//
// A session is held by a 128-bit keyed hash of its tenant, user and session id (sessionID),
// not by the strings: at 100k sessions the strings and their headers were ~13 MB of live heap
// (~26 MB of RSS at the default GOGC) in a soak with many users. Two sessions would share
// state only if both 64-bit halves collided, with random per-process seeds: at a million
// sessions held, a chance of about 10^-27. Entries whose index hashes (the first half, under
// mask) collide are chained (sameHash) and told apart by the whole id.
type sessionLRU struct {
	max     int
	byIndex map[uint64]int32
	// entries[0] is the sentinel of a circular list: its next is the most recently active
	// session, its prev the least. A session's index never changes while it is held.
	entries []sessionEntry
	seeds   [2][3]maphash.Seed // per half, one per key part: ("a", "b", …) and ("b", "a", …) hash apart
	mask    uint64             // applied to the index hash; tests narrow it to force collisions
}

// sessionID identifies a session in sessionLRU: two independent 64-bit hashes of its key.
type sessionID [2]uint64

type sessionEntry struct {
	id         sessionID
	call       call
	prev, next int32
	sameHash   int32 // the next entry with the same index hash, or noSession
}

// noSession ends a chain of entries with the same hash.
const noSession int32 = -1

func newSessionLRU(maxSessions int) *sessionLRU {
	return &sessionLRU{
		max: maxSessions, byIndex: map[uint64]int32{}, entries: make([]sessionEntry, 1, 64),
		seeds: [2][3]maphash.Seed{
			{maphash.MakeSeed(), maphash.MakeSeed(), maphash.MakeSeed()},
			{maphash.MakeSeed(), maphash.MakeSeed(), maphash.MakeSeed()},
		},
		mask: ^uint64(0),
	}
}

// idOf hashes a session key.
func (l *sessionLRU) idOf(k *sessionKey) sessionID {
	var id sessionID
	for half, seeds := range &l.seeds {
		id[half] = maphash.String(seeds[0], k.tenant) ^ maphash.String(seeds[1], k.user) ^ maphash.String(seeds[2], k.session)
	}
	return id
}

// indexOf is the byIndex key of an id.
func (l *sessionLRU) indexOf(id sessionID) uint64 { return id[0] & l.mask }

// get returns the entry of key, marked most recently active, or nil. The entry may be updated
// in place until the next add (which may move the entries).
func (l *sessionLRU) get(key sessionKey) *sessionEntry {
	id := l.idOf(&key)
	i, ok := l.byIndex[l.indexOf(id)]
	if !ok {
		return nil
	}
	for ; i != noSession; i = l.entries[i].sameHash {
		if e := &l.entries[i]; e.id == id {
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
		l.grow()
		l.entries = append(l.entries, sessionEntry{})
	}
	id := l.idOf(&key)
	first, collides := l.byIndex[l.indexOf(id)]
	if !collides {
		first = noSession
	}
	l.entries[i] = sessionEntry{id: id, call: c, sameHash: first}
	l.byIndex[l.indexOf(id)] = i
	l.pushFront(i)
}

// grow makes room for one more entry when the slice is full: it doubles, but never past
// max_sessions (+ the sentinel), where append's steps of a quarter would overshoot by up to
// 25 % of the largest memory the follow-up state takes.
func (l *sessionLRU) grow() {
	if len(l.entries) < cap(l.entries) {
		return
	}
	grown := make([]sessionEntry, len(l.entries), min(2*cap(l.entries), l.max+1))
	copy(grown, l.entries)
	l.entries = grown
}

// Len is the number of sessions held.
func (l *sessionLRU) Len() int { return len(l.entries) - 1 }

// unhash removes entry i from the chain of its index hash.
func (l *sessionLRU) unhash(i int32) {
	e := &l.entries[i]
	index := l.indexOf(e.id)
	first := l.byIndex[index]
	switch {
	case first == i && e.sameHash == noSession:
		delete(l.byIndex, index)
	case first == i:
		l.byIndex[index] = e.sameHash
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
