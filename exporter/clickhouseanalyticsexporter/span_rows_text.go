package clickhouseanalyticsexporter

import (
	"strings"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// textArena holds copies of the rows' text fields. The processor cuts query, response and
// finish reason out of the messages JSON without copying, so as substrings they would keep
// each span's whole ~2 KB of messages alive for as long as the row waits in the queue. The
// copies of one request's rows share chunks (they are queued, batched and freed together):
// one allocation per chunk instead of one per row.
type textArena struct {
	chunk strings.Builder // strings taken from it stay valid: it only grows into a new chunk
	next  int             // the next chunk's size: chunks grow, so a small request wastes little
}

const (
	firstTextChunk = 2 << 10
	maxTextChunk   = 64 << 10
)

// detach points ev's text fields at copies in the arena.
func (a *textArena) detach(ev *genai.Event) {
	n := len(ev.Query) + len(ev.Response) + len(ev.FinishReason) + len(ev.ResponseID)
	if n == 0 {
		return
	}
	if a.chunk.Cap()-a.chunk.Len() < n {
		size := max(a.next, firstTextChunk)
		a.next = min(2*size, maxTextChunk)
		a.chunk = strings.Builder{}
		a.chunk.Grow(max(size, n))
	}
	from := a.chunk.Len()
	a.chunk.WriteString(ev.Query)
	a.chunk.WriteString(ev.Response)
	a.chunk.WriteString(ev.FinishReason)
	a.chunk.WriteString(ev.ResponseID)
	all := a.chunk.String()[from:]
	ev.Query, all = all[:len(ev.Query)], all[len(ev.Query):]
	ev.Response, all = all[:len(ev.Response)], all[len(ev.Response):]
	ev.FinishReason, all = all[:len(ev.FinishReason)], all[len(ev.FinishReason):]
	ev.ResponseID = all
}
