package genaianalyticsprocessor

import (
	"encoding/json"
	"sync"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// joinKey identifies a call: its span's trace and span ids.
type joinKey struct {
	trace pcommon.TraceID
	span  pcommon.SpanID
}

// joinMessage is one message of content that arrived as a log record.
type joinMessage struct{ role, text string }

// pendingContent is the content gathered for one call from log records.
type pendingContent struct {
	in, out []joinMessage
	finish  string
}

func (pc *pendingContent) empty() bool { return len(pc.in) == 0 && len(pc.out) == 0 }

func (pc *pendingContent) add(o pendingContent) {
	pc.in = append(pc.in, o.in...)
	pc.out = append(pc.out, o.out...)
	if pc.finish == "" {
		pc.finish = o.finish
	}
}

// fillText completes the sides of t the span itself did not carry.
func (pc *pendingContent) fillText(t *callText) {
	if !t.inFound && len(pc.in) > 0 {
		in := t.input()
		for _, m := range pc.in {
			in(m.role, m.text)
		}
	}
	if !t.outFound && len(pc.out) > 0 {
		out := t.output()
		for _, m := range pc.out {
			out(m.role, m.text)
		}
	}
}

// writeOnSpan puts the joined content on the span under the semconv message keys (when the span
// has none), so a tracing backend downstream sees it too, and the finish reason if missing.
func (pc *pendingContent) writeOnSpan(a *spanAttrs) {
	for _, side := range []struct {
		key  string
		msgs []joinMessage
	}{{genai.KeyInputMessages, pc.in}, {genai.KeyOutputMessages, pc.out}} {
		if _, ok := a.Get(side.key); ok || len(side.msgs) == 0 {
			continue
		}
		a.PutStr(side.key, semconvMessagesJSON(side.msgs))
	}
	if _, ok := a.Get(genai.KeyFinishReasons); !ok && pc.finish != "" {
		a.PutEmptySlice(genai.KeyFinishReasons).AppendEmpty().SetStr(pc.finish)
		a.PutStr(genai.KeyFinishReason, pc.finish)
	}
}

type semconvPart struct {
	Type    string `json:"type"`
	Content string `json:"content"`
}

type semconvMessage struct {
	Role  string        `json:"role"`
	Parts []semconvPart `json:"parts"`
}

// semconvMessagesJSON renders messages in the semconv 1.37 JSON shape (rare path: joins only).
func semconvMessagesJSON(msgs []joinMessage) string {
	out := make([]semconvMessage, len(msgs))
	for i, m := range msgs {
		out[i] = semconvMessage{Role: m.role, Parts: []semconvPart{{Type: "text", Content: m.text}}}
	}
	raw, err := json.Marshal(out)
	if err != nil {
		return "[]"
	}
	return string(raw)
}

// spanSnapshot is a call whose span was written without (all of) its content: enough to emit
// the completed event when the content arrives.
type spanSnapshot struct {
	attrs    frozenAttrs
	resource *frozenAttrs // shared by the spans of one resource
	meta     callMeta
	dialect  string
	text     callText
	// late is what reached the span after it was remembered, out of line: most spans never
	// get any, and up to max_entries snapshots stay live.
	late *lateArrivals
}

// lateArrivals are the content and anomaly flags of a remembered span.
type lateArrivals struct {
	content    pendingContent
	gotContent bool
	// anomalyFlags are the flags the anomaly stage put on the span after it was remembered
	// (it runs after the enrichment): the completed event must carry them too, or its row
	// would replace the flagged one without them. Replaced, never modified in place.
	anomalyFlags []string
}

// arrivals returns s.late, created on first use.
func (s *spanSnapshot) arrivals() *lateArrivals {
	if s.late == nil {
		s.late = &lateArrivals{}
	}
	return s.late
}

// contentJoin joins spans with content log records that carry the span's ids, in either order,
// with two bounded TTL memories: content waiting for its span, and spans waiting for content.
type contentJoin struct {
	content *boundedCache[joinKey, pendingContent]
	spans   *boundedCache[joinKey, *spanSnapshot]
	scratch sync.Pool // of *frozenScratch
}

func newContentJoin(cfg ContentJoinConfig, tel *telemetry) *contentJoin {
	return &contentJoin{
		content: newBoundedCache[joinKey](cfg.TTL, cfg.MaxEntries, func(_ pendingContent, r evictReason) {
			outcome := joinOrphanExpired
			if r == evictFull {
				outcome = joinOrphanEvicted
			}
			tel.count(tel.join, 1, "outcome", outcome)
			tel.warnOnce("orphan_content", "GenAI content log records dropped: no span waiting for content matched them within content_join.ttl (the span never came, or it carried its own content)")
		}),
		spans: newBoundedCache[joinKey](cfg.TTL, cfg.MaxEntries, func(s *spanSnapshot, r evictReason) {
			switch {
			case r == evictFull:
				tel.count(tel.join, 1, "outcome", joinSpanEvicted)
			case s.late == nil || !s.late.gotContent:
				tel.count(tel.join, 1, "outcome", joinSpanNoContent)
			}
		}),
	}
}

func (j *contentJoin) takeContent(now time.Time, k joinKey) (pendingContent, bool) {
	return j.content.take(now, k)
}

// rememberSpan keeps a copy of an enriched span's canonical attributes for content that may
// still arrive. The copy is taken before text derivation and redaction add their keys.
func (j *contentJoin) rememberSpan(now time.Time, k joinKey, attrs *spanAttrs, resource *batchResource, meta callMeta, dialect string, text callText) {
	scratch, _ := j.scratch.Get().(*frozenScratch)
	if scratch == nil {
		scratch = &frozenScratch{}
	}
	snap := &spanSnapshot{attrs: freezeSpanAttrs(attrs, scratch), resource: resource.freeze(), meta: meta, dialect: dialect, text: text}
	if scratch.size() <= maxPooledScratch {
		j.scratch.Put(scratch)
	}
	j.spans.update(now, k, func(*spanSnapshot, bool) *spanSnapshot { return snap })
}

// addContent records content of a call. When its span is already known, it returns a copy of
// the snapshot with all content gathered so far, for the caller to emit the completed event.
func (j *contentJoin) addContent(now time.Time, k joinKey, pc pendingContent) (spanSnapshot, bool) {
	var view spanSnapshot
	if j.spans.modify(now, k, func(s *spanSnapshot) *spanSnapshot {
		late := s.arrivals()
		late.content.add(pc)
		late.gotContent = true
		view = *s
		view.late = &lateArrivals{
			content: pendingContent{
				in:     append([]joinMessage(nil), late.content.in...),
				out:    append([]joinMessage(nil), late.content.out...),
				finish: late.content.finish,
			},
			gotContent:   true,
			anomalyFlags: late.anomalyFlags,
		}
		return s
	}) {
		return view, true
	}
	j.content.update(now, k, func(prev pendingContent, _ bool) pendingContent {
		prev.add(pc)
		return prev
	})
	return spanSnapshot{}, false
}

// setFlags records the anomaly flags of a remembered span (no-op for any other span).
func (j *contentJoin) setFlags(now time.Time, k joinKey, flags []string) {
	j.spans.modify(now, k, func(s *spanSnapshot) *spanSnapshot {
		s.arrivals().anomalyFlags = flags
		return s
	})
}

func (j *contentJoin) sweep(now time.Time) {
	j.content.sweep(now)
	j.spans.sweep(now)
}

// batchResource is the resource of the spans being enriched, frozen at most once for all of
// its spans the join remembers (enrichment never writes to the resource).
type batchResource struct {
	attrs  pcommon.Map
	frozen *frozenAttrs
	// identityValues are the identity fields the resource holds (identity.go).
	identityValues *[maxIdentityFields]string
}

func (r *batchResource) freeze() *frozenAttrs {
	if r.frozen == nil {
		f := freezeAttrs(r.attrs)
		r.frozen = &f
	}
	return r.frozen
}

// rememberFlags keeps the anomaly flags of a span that waits for its content, for the
// completed event (the anomaly stage calls it for every span it flagged).
func (p *genaiProcessor) rememberFlags(span ptrace.Span) {
	if p.join == nil {
		return
	}
	flags := genai.StrSlice(span.Attributes(), genai.KeyAnomalyFlags)
	p.join.setFlags(p.now(), joinKey{span.TraceID(), span.SpanID()}, flags)
}
