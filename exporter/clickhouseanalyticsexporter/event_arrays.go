package clickhouseanalyticsexporter

import (
	"sync"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// eventArrays recycles the arrays that hold the rows' events (~0.5 KB each): a request's,
// once the batcher copied its events into a batch, and a batch's, once it is written. Both
// were allocated anew for every request and batch: ~9 % of the bytes the collector allocated
// in a profile, each allocation zeroed and, through the GC's pacing, paid again in marking.
//
// Only an array that one request holds alone is recycled (spanRows.ownsEvents): a request
// from rowsFromTraces or from the persistent queue, or a batch grown into a new array. The
// parts of a cut request share its array, and so do a failed push's remaining rows: those
// arrays are left to the GC. A recycled array is cleared first, so it pins no row, and the
// next request or batch appends to it from length zero.
type eventArrays struct {
	requests sync.Pool // *[]genai.Event of requests' size
	batches  sync.Pool // *[]genai.Event of batches' size
}

// forRequest returns an empty array with room for n events.
func (a *eventArrays) forRequest(n int) []genai.Event {
	if a == nil {
		return make([]genai.Event, 0, n)
	}
	return reuseOrMake(&a.requests, n)
}

// forBatch returns an empty array with room for n events.
func (a *eventArrays) forBatch(n int) []genai.Event {
	if a == nil {
		return make([]genai.Event, 0, n)
	}
	return reuseOrMake(&a.batches, n)
}

func reuseOrMake(pool *sync.Pool, n int) []genai.Event {
	if p, ok := pool.Get().(*[]genai.Event); ok && cap(*p) >= n {
		return (*p)[:0]
	}
	// A kept array too small for n is left to the GC: requests and batches of one pipeline
	// are mostly alike, so the next array kept will fit.
	return make([]genai.Event, 0, n)
}

// recycle clears events' whole array and keeps it, as a batch's when it has room for
// batchRows events, else as a request's.
func (a *eventArrays) recycle(events []genai.Event, batchRows int) {
	if a == nil || cap(events) == 0 {
		return
	}
	events = events[:cap(events)]
	clear(events)
	if cap(events) >= batchRows {
		a.batches.Put(&events)
	} else {
		a.requests.Put(&events)
	}
}

// recycleEvents hands r's events array to r.arrays when r holds it alone, and then drops r's
// events: nothing may read rows that were recycled. r must be done with: merged into a batch,
// or written.
func (r *spanRows) recycleEvents() {
	if !r.ownsEvents || r.arrays == nil {
		return
	}
	r.arrays.recycle(r.events, r.batchRows)
	r.events, r.ownsEvents = nil, false
}
