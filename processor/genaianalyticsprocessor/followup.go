package genaianalyticsprocessor

import (
	"cmp"
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
	mu     sync.Mutex
	last   *sessionLRU
}

func newFollowUps(cfg FeedbackConfig) *followUps {
	if cfg.FollowUpWindow <= 0 || cfg.MaxSessions < 1 { // Validate refuses a size < 1
		return nil
	}
	return &followUps{window: cfg.FollowUpWindow, last: newSessionLRU(cfg.MaxSessions)}
}

// nonQueryOperations are GenAI operations that are not a user asking something.
var nonQueryOperations = map[string]bool{"embeddings": true, "execute_tool": true, "create_agent": true}

// observe marks follow-ups on the analytics spans of a batch. Spans are taken in start order
// so a batch holding both queries of a session is handled like two batches in order.
func (f *followUps) observe(td ptrace.Traces) {
	calls := make([]followUpCall, 0, td.SpanCount())
	for _, span := range genai.Spans(td) {
		fields := readFollowUpFields(span.Attributes())
		if fields.analytics && fields.str(fieldSession) != "" && !nonQueryOperations[fields.str(fieldOperation)] {
			calls = append(calls, followUpCall{span: span, start: span.StartTimestamp()})
		}
	}
	// Start order, batch order among equal starts: the order of a stable sort, without its
	// cost (sort.SliceStable moved the spans through reflection in O(n log² n) swaps).
	order := make([]int32, len(calls))
	for i := range order {
		order[i] = int32(i) //nolint:gosec // a batch holds far fewer than 2^31 spans
	}
	slices.SortFunc(order, func(a, b int32) int {
		return cmp.Or(cmp.Compare(calls[a].start, calls[b].start), cmp.Compare(a, b))
	})
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, i := range order {
		f.observeSpan(&calls[i])
	}
}

// followUpCall is an analytics span of a batch and its start, the sort key.
type followUpCall struct {
	span  ptrace.Span
	start pcommon.Timestamp
}

func (f *followUps) observeSpan(c *followUpCall) {
	span, a := c.span, c.span.Attributes()
	// Read again rather than kept from the filter: a second pass over the attributes costs
	// less than carrying 64 more bytes per span through the batch.
	fields := readFollowUpFields(a)
	key := sessionKey{fields.str(fieldTenant), fields.str(fieldUser), fields.str(fieldSession)}
	cur := call{responseID: fields.str(fieldResponseID), traceID: span.TraceID(), spanID: span.SpanID(),
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
			markFollowUp(a, prev.call, cur.start)
		}
		prev.call = cur
	default:
		// cur arrived after a later query of the session: that query may follow cur up.
		if f.within(cur.end, prev.call.start) {
			markFollowUp(a, cur, prev.call.start)
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
	a.PutStr(feedback.KeyFollowUpTraceID, followed.traceID.String())
	a.PutStr(feedback.KeyFollowUpSpanID, followed.spanID.String())
	a.PutInt(feedback.KeyFollowUpTime, int64(at))
	a.PutDouble(feedback.KeyFollowUpGapMs, float64(at-followed.end)/float64(time.Millisecond))
}
