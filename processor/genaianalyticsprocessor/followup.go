package genaianalyticsprocessor

import (
	"sort"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
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
	last   *simplelru.LRU[sessionKey, call]
}

func newFollowUps(cfg FeedbackConfig) *followUps {
	if cfg.FollowUpWindow <= 0 {
		return nil
	}
	last, err := simplelru.NewLRU[sessionKey, call](cfg.MaxSessions, nil)
	if err != nil { // only for a size < 1, which Validate refuses
		return nil
	}
	return &followUps{window: cfg.FollowUpWindow, last: last}
}

// nonQueryOperations are GenAI operations that are not a user asking something.
var nonQueryOperations = map[string]bool{"embeddings": true, "execute_tool": true, "create_agent": true}

// observe marks follow-ups on the analytics spans of a batch. Spans are taken in start order
// so a batch holding both queries of a session is handled like two batches in order.
func (f *followUps) observe(td ptrace.Traces) {
	var spans []ptrace.Span
	for _, span := range genai.Spans(td) {
		a := span.Attributes()
		if genai.IsAnalyticsSpan(span) && genai.Str(a, genai.KeySessionID) != "" &&
			!nonQueryOperations[genai.Str(a, genai.KeyOperationName)] {
			spans = append(spans, span)
		}
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].StartTimestamp() < spans[j].StartTimestamp() })
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, span := range spans {
		f.observeSpan(span)
	}
}

func (f *followUps) observeSpan(span ptrace.Span) {
	a := span.Attributes()
	key := sessionKey{genai.Str(a, genai.KeyTenantID), genai.Str(a, genai.KeyUserID), genai.Str(a, genai.KeySessionID)}
	cur := call{responseID: genai.Str(a, genai.KeyResponseID), traceID: span.TraceID(), spanID: span.SpanID(),
		start: span.StartTimestamp(), end: max(span.EndTimestamp(), span.StartTimestamp())}
	prev, seen := f.last.Get(key)
	switch {
	case !seen:
		f.last.Add(key, cur)
	case cur.traceID == prev.traceID:
		// Calls of one trace are one user turn (agent and tool loops): never a follow-up.
		if cur.end > prev.end {
			f.last.Add(key, cur)
		}
	case cur.start >= prev.start:
		if f.within(prev.end, cur.start) {
			markFollowUp(a, prev, cur.start)
		}
		f.last.Add(key, cur)
	default:
		// cur arrived after a later query of the session: that query may follow cur up.
		if f.within(cur.end, prev.start) {
			markFollowUp(a, cur, prev.start)
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
