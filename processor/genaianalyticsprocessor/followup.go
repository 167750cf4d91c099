package genaianalyticsprocessor

import (
	"cmp"
	"encoding/hex"
	"maps"
	"slices"
	"sync"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// sessionKey identifies one user's conversation.
type sessionKey struct{ tenant, user, session string }

// call is what follow-up detection remembers of a session's latest GenAI call.
type call struct {
	responseID string
	traceID    pcommon.TraceID
	spanID     pcommon.SpanID
	start, end pcommon.Timestamp
}

// followUps detects implicit follow-ups: the next query of a user in the same session within
// the window after the previous response. State is one call per session in a bounded LRU.
type followUps struct {
	window time.Duration
	// nonQuery lists the nonQueryOperations: three string compares (most fail on the length)
	// cost less than a map lookup, which hashed the operation name of every span.
	nonQuery []string
	scratch  sync.Pool // of *followUpScratch
	mu       sync.Mutex
	last     *sessionLRU
}

func newFollowUps(cfg FeedbackConfig) *followUps {
	if cfg.FollowUpWindow <= 0 || cfg.MaxSessions < 1 { // Validate refuses a size < 1
		return nil
	}
	return &followUps{window: cfg.FollowUpWindow, nonQuery: slices.Collect(maps.Keys(nonQueryOperations)),
		last: newSessionLRU(cfg.MaxSessions)}
}

// nonQueryOperations are GenAI operations that are not a user asking something.
var nonQueryOperations = map[string]bool{"embeddings": true, "execute_tool": true, "create_agent": true}

// observe marks follow-ups on the analytics spans of a batch. Spans are taken in start order
// so a batch holding both queries of a session is handled like two batches in order.
func (f *followUps) observe(td ptrace.Traces) {
	scratch := f.takeScratch()
	defer f.giveBackScratch(scratch)
	calls := scratch.calls
	for _, span := range genai.Spans(td) {
		fields := readFollowUpFields(span.Attributes())
		if !fields.analytics {
			continue
		}
		if session := fields.str(fieldSession); session != "" && !slices.Contains(f.nonQuery, fields.str(fieldOperation)) {
			key := sessionKey{fields.str(fieldTenant), fields.str(fieldUser), session}
			calls = append(calls, followUpCall{span: span, start: span.StartTimestamp(), key: key,
				responseID: fields.str(fieldResponseID)})
		}
	}
	scratch.calls = calls // kept (grown) for the next batch
	// Start order, batch order among equal starts: the order of a stable sort, without its
	// cost (sort.SliceStable moved the spans through reflection in O(n log² n) swaps).
	order := scratch.order
	for i := range calls {
		order = append(order, int32(i)) //nolint:gosec // a batch holds far fewer than 2^31 spans
	}
	scratch.order = order
	slices.SortFunc(order, func(a, b int32) int {
		return cmp.Or(cmp.Compare(calls[a].start, calls[b].start), cmp.Compare(a, b))
	})
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, i := range order {
		f.observeSpan(&calls[i])
	}
}

// followUpCall is an analytics span of a batch, its start (the sort key) and what the
// session state needs of its attributes. Kept from the filter's pass: a second pass over the
// ~40 attributes of an enriched span, decoded from OTLP, missed the cache on most of them.
type followUpCall struct {
	span       ptrace.Span
	start      pcommon.Timestamp
	key        sessionKey
	responseID string
}

func (f *followUps) observeSpan(c *followUpCall) {
	span, key := c.span, c.key
	cur := call{responseID: c.responseID, traceID: span.TraceID(), spanID: span.SpanID(),
		start: c.start, end: max(span.EndTimestamp(), c.start)}
	prev := f.last.get(key)
	switch {
	case prev == nil:
		f.last.add(key, cur)
	case cur.traceID == prev.call.traceID:
		// Calls of one trace are one user turn (agent and tool loops): never a follow-up.
		if cur.end > prev.call.end {
			prev.call = cur
		}
	case cur.start >= prev.call.start:
		if f.within(prev.call.end, cur.start) {
			markFollowUp(span.Attributes(), prev.call, cur.start)
		}
		prev.call = cur
	default:
		// cur arrived after a later query of the session: that query may follow cur up.
		if f.within(cur.end, prev.call.start) {
			markFollowUp(span.Attributes(), cur, prev.call.start)
		}
	}
}

// within reports whether a query starting at next followed a response ending at end.
func (f *followUps) within(end, next pcommon.Timestamp) bool {
	return next >= end && time.Duration(next-end) <= f.window
}

// markFollowUp writes on the span the follow_up the exporter stores for the followed-up call.
func markFollowUp(a pcommon.Map, followed call, at pcommon.Timestamp) {
	if _, done := a.Get(feedback.KeyFollowUpTime); done {
		return
	}
	if followed.responseID != "" {
		a.PutStr(feedback.KeyFollowUpResponseID, followed.responseID)
	}
	traceID, spanID := idTexts(followed.traceID, followed.spanID)
	a.PutStr(feedback.KeyFollowUpTraceID, traceID)
	a.PutStr(feedback.KeyFollowUpSpanID, spanID)
	a.PutInt(feedback.KeyFollowUpTime, int64(at))
	a.PutDouble(feedback.KeyFollowUpGapMs, float64(at-followed.end)/float64(time.Millisecond))
}

// idTexts is TraceID.String and SpanID.String ("" for an empty id) cut from one string: one
// allocation per follow-up instead of two.
func idTexts(traceID pcommon.TraceID, spanID pcommon.SpanID) (string, string) {
	var buf [2*len(traceID) + 2*len(spanID)]byte
	n := 0
	if !traceID.IsEmpty() {
		n += hex.Encode(buf[n:], traceID[:])
	}
	traceLen := n
	if !spanID.IsEmpty() {
		n += hex.Encode(buf[n:], spanID[:])
	}
	both := string(buf[:n])
	return both[:traceLen], both[traceLen:]
}
