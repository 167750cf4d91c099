package genaianalyticsprocessor

// sessionLRU is the follow-up state: the latest call of each session, the least recently
// active session evicted first when full. Unlike simplelru (Get, then Add: two lookups of a
// three-string key per call), get hands out the entry to update in place, and a full cache
// reuses the evicted entry. Not safe for concurrent use: followUps holds its lock.
type sessionLRU struct {
	max   int
	byKey map[sessionKey]*sessionEntry
	// recent is the sentinel of a circular list: recent.next is the most recently active
	// session, recent.prev the least.
	recent sessionEntry
}

type sessionEntry struct {
	key        sessionKey
	call       call
	prev, next *sessionEntry
}

func newSessionLRU(maxSessions int) *sessionLRU {
	l := &sessionLRU{max: maxSessions, byKey: map[sessionKey]*sessionEntry{}}
	l.recent.prev, l.recent.next = &l.recent, &l.recent
	return l
}

// get returns the entry of key, marked most recently active, or nil.
func (l *sessionLRU) get(key sessionKey) *sessionEntry {
	e, ok := l.byKey[key]
	if !ok {
		return nil
	}
	l.unlink(e)
	l.pushFront(e)
	return e
}

// add stores the call of a session that get did not find, evicting the least recently
// active session when full.
func (l *sessionLRU) add(key sessionKey, c call) {
	var e *sessionEntry
	if len(l.byKey) >= l.max {
		e = l.recent.prev
		l.unlink(e)
		delete(l.byKey, e.key)
	} else {
		e = &sessionEntry{}
	}
	e.key, e.call = key, c
	l.byKey[key] = e
	l.pushFront(e)
}

// Len is the number of sessions held.
func (l *sessionLRU) Len() int { return len(l.byKey) }

func (l *sessionLRU) unlink(e *sessionEntry) {
	e.prev.next, e.next.prev = e.next, e.prev
}

func (l *sessionLRU) pushFront(e *sessionEntry) {
	e.prev, e.next = &l.recent, l.recent.next
	l.recent.next.prev = e
	l.recent.next = e
}
