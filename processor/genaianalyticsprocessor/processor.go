package genaianalyticsprocessor

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/pricing"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/redact"
)

// genaiProcessor holds everything compiled from the config; it is shared by the traces and
// logs paths of one component instance and safe for concurrent use.
type genaiProcessor struct {
	cfg        *Config
	tel        *telemetry
	pricing    *pricing.Engine
	redactor   *redact.Redactor
	zero       *zeroResultDetector
	categories *categorizer
	identity   *identityResolver
	room       *attrRoom
	skipOps    map[string]struct{}
	retrieval  *retrievalMemory
	join       *contentJoin
	now        func() time.Time
	buffers    sync.Pool
}

func newGenAIProcessor(cfg *Config, set component.TelemetrySettings) (*genaiProcessor, error) {
	tel, err := newTelemetry(set)
	if err != nil {
		return nil, err
	}
	var file *pricing.File
	if cfg.Pricing.File != "" {
		if file, err = pricing.LoadFile(cfg.Pricing.File); err != nil {
			return nil, fmt.Errorf("pricing: %w", err)
		}
	}
	engine, err := pricing.NewEngine(cfg.Pricing.Overrides, file, !cfg.Pricing.DisableBuiltin)
	if err != nil {
		return nil, fmt.Errorf("pricing: %w", err)
	}
	zero, err := newZeroResultDetector(cfg.ZeroResult)
	if err != nil {
		return nil, err
	}
	cats, err := newCategorizer(cfg.Categories)
	if err != nil {
		return nil, err
	}
	p := &genaiProcessor{
		cfg: cfg, tel: tel, pricing: engine, redactor: redact.New(cfg.Redaction), zero: zero,
		categories: cats, identity: newIdentityResolver(cfg.Identity), room: newAttrRoom(cfg), skipOps: map[string]struct{}{},
		now:     time.Now,
		buffers: sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }},
	}
	for _, op := range cfg.SkipOperations {
		p.skipOps[op] = struct{}{}
	}
	if r := cfg.ZeroResult.Retrieval; r.Enabled {
		p.retrieval = newRetrievalMemory(r, tel)
	}
	if cfg.ContentJoin.Enabled {
		p.join = newContentJoin(cfg.ContentJoin, tel)
	}
	return p, nil
}

// callMeta is what enrichment needs from the span besides its attributes.
type callMeta struct {
	traceID     pcommon.TraceID
	spanID      pcommon.SpanID
	start, end  pcommon.Timestamp
	statusError bool
}

func spanMeta(span ptrace.Span) callMeta {
	return callMeta{
		traceID: span.TraceID(), spanID: span.SpanID(), start: span.StartTimestamp(), end: span.EndTimestamp(),
		statusError: span.Status().Code() == ptrace.StatusCodeError,
	}
}

func (p *genaiProcessor) processTraces(ctx context.Context, td ptrace.Traces) (ptrace.Traces, error) {
	now := p.now()
	if p.retrieval != nil {
		p.retrieval.observe(now, td)
	}
	md := &requestMetadata{ctx: ctx, enabled: p.cfg.Identity.IncludeMetadata}
	var perDialect dialectCounts
	rss := td.ResourceSpans()
	for i := 0; i < rss.Len(); i++ {
		rs := rss.At(i)
		resource := batchResource{attrs: rs.Resource().Attributes()}
		sss := rs.ScopeSpans()
		for j := 0; j < sss.Len(); j++ {
			spans := sss.At(j).Spans()
			for k := 0; k < spans.Len(); k++ {
				if dialect := p.processSpan(now, spans.At(k), &resource, md); dialect != "" {
					perDialect.add(dialect)
				}
			}
		}
	}
	if p.join != nil {
		p.join.sweep(now)
	}
	perDialect.report(p.tel)
	return td, nil
}

// dialectCounts counts enriched spans per dialect within a batch (one metric update per
// dialect and batch instead of one per span).
type dialectCounts struct {
	names [5]string
	n     [5]int64
}

func (c *dialectCounts) add(dialect string) {
	for i := range c.names {
		if c.names[i] == dialect || c.names[i] == "" {
			c.names[i] = dialect
			c.n[i]++
			return
		}
	}
}

func (c *dialectCounts) report(tel *telemetry) {
	for i, name := range c.names {
		if name != "" {
			tel.count(tel.spans, c.n[i], "dialect", name)
		}
	}
}

// processSpan enriches one span if it is a GenAI call (and returns its dialect); any other
// span is left untouched.
func (p *genaiProcessor) processSpan(now time.Time, span ptrace.Span, resource *batchResource, md *requestMetadata) string {
	attrs := span.Attributes()
	var onSpan identityCandidates
	a := indexAttrsWithIdentity(attrs, p.identity, &onSpan)
	dialect, ok := spanDialect(&a)
	if !ok {
		return ""
	}
	if op, found := a.Get(genai.KeyOperationName); found {
		if _, skip := p.skipOps[op.Str()]; skip {
			return ""
		}
	}
	events := span.Events()
	meta := spanMeta(span)
	if events.Len() > 0 {
		// Span events may copy any number of attributes onto the span.
		attrs.EnsureCapacity(attrs.Len() + derivedAttributes)
		copyDetailsEvent(&a, events)
	}
	// The text is read before prepare (which writes no content key) so the room reserved
	// below can count the text fields.
	text := extractText(&a, events)
	// An instrumentation records content either on the span or in log records, never split: a
	// span that carries one side itself (a failed call with its prompt and no answer, a
	// tool-call turn) gets nothing later, so only content-less spans wait.
	spanHasContent := text.inFound || text.outFound
	key := joinKey{meta.traceID, meta.spanID}
	var joined pendingContent
	found := false
	if p.join != nil {
		if joined, found = p.join.takeContent(now, key); found {
			joined.fillText(&text.callText)
		}
	}
	normalizes := p.room.normalizes(&a, dialect)
	var id spanIdentity
	if events.Len() == 0 {
		if p.room.earlyIdentity { // nothing has been written yet: onSpan still holds
			id = p.resolveIdentityFrom(&onSpan, resource, md)
		}
		attrs.EnsureCapacity(attrs.Len() + p.room.forSpan(normalizes, text.callText, found, &id))
	}
	p.prepare(&a, events, resource, meta, dialect, normalizes, md, &id)

	if p.join != nil {
		if found {
			joined.writeOnSpan(&a)
			p.tel.count(p.tel.join, 1, "outcome", joinMergedIntoSpan)
		}
		if !spanHasContent && (!text.inFound || !text.outFound) {
			p.join.rememberSpan(now, key, &a, resource, meta, dialect, text.callText)
		}
	}
	noDocs := p.retrieval != nil && p.retrieval.emptyIn(now, meta.traceID)
	p.derive(&a, events, text, noDocs)
	return dialect
}

// derivedAttributes is the room reserved for a span with span events, whose attributes
// copyDetailsEvent may add before anything else is known (attrRoom sizes the others). Too
// small a reservation is worse than none: the last few appends double the whole slice (a
// collector heap profile showed Map.PutStr's regrowth as 15 % of all bytes allocated with 16
// here).
const derivedAttributes = 24

// copyDetailsEvent copies the attributes of a gen_ai.client.inference.operation.details span
// event (semconv 1.37+) onto the span when the span lacks them, and the finish reason of
// deprecated gen_ai.choice events.
func copyDetailsEvent(a *spanAttrs, events ptrace.SpanEventSlice) {
	for i := 0; i < events.Len(); i++ {
		e := events.At(i)
		if e.Name() == eventChoice {
			// Deprecated gen_ai.choice span events carry the finish reason.
			if _, ok := a.Get(genai.KeyFinishReasons); !ok {
				if fr := genai.Str(e.Attributes(), "finish_reason"); fr != "" {
					a.PutEmptySlice(genai.KeyFinishReasons).AppendEmpty().SetStr(fr)
				}
			}
			continue
		}
		if e.Name() != eventOperationDetails {
			continue
		}
		e.Attributes().Range(func(k string, v pcommon.Value) bool {
			if k == genai.KeyInputMessages || k == genai.KeyOutputMessages || k == genai.KeySystemInstructions {
				return true // content is read from the event by extractText
			}
			if _, ok := a.Get(k); !ok {
				v.CopyTo(a.PutEmpty(k))
			}
			return true
		})
	}
}

// prepare writes the fields that do not depend on message text: canonical semconv keys (see
// attrRoom.normalizes), event id, identity, finish reason, error, latency and cost.
func (p *genaiProcessor) prepare(a *spanAttrs, events ptrace.SpanEventSlice, resource *batchResource, meta callMeta, dialect string, normalizes bool, md *requestMetadata, id *spanIdentity) {
	normalizeSpanFields(a, dialect, normalizes)
	a.putStrOf(derivedKeys.dialect, dialect)
	a.putStrOf(derivedKeys.eventID, genai.EventIDFor(meta.traceID, meta.spanID).String())
	p.applyIdentity(a, resource, md, id)

	if fr := firstFinishReason(a); fr != "" {
		a.putStrOf(derivedKeys.finishReason, fr)
	}
	errType := a.strOf(derivedKeys.errorType)
	isErr := meta.statusError || errType != ""
	a.putBoolOf(derivedKeys.isError, isErr)
	if isErr && errType == "" {
		a.putStrOf(derivedKeys.errorType, errorTypeOf(events))
	}
	if meta.end > meta.start {
		a.putDoubleOf(derivedKeys.latency, float64(meta.end-meta.start)/1e6)
	}
	p.applyCost(a, meta.start.AsTime())
}

const maxErrorTypeRunes = 128

// errorTypeOf is error.type for a failed call that lacks it, as semconv defines it: the type
// of the exception recorded on the span (instrumentations of other dialects record the
// exception event but no error.type), else _OTHER.
func errorTypeOf(events ptrace.SpanEventSlice) string {
	for i := 0; i < events.Len(); i++ {
		e := events.At(i)
		if e.Name() != "exception" {
			continue
		}
		if v, ok := e.Attributes().Get("exception.type"); ok && v.Type() == pcommon.ValueTypeStr {
			// A class name; the bound keeps a misused attribute out of the low-cardinality column.
			if t, _ := truncateRunes(strings.TrimSpace(v.Str()), maxErrorTypeRunes); t != "" {
				return t
			}
		}
	}
	return "_OTHER"
}

// derive redacts the message content on the span, writes the text-derived fields (query,
// response, fingerprint, zero result, category), then drops the content if configured. The
// content goes first so that a clean message attribute spares its text a second pass.
func (p *genaiProcessor) derive(a *spanAttrs, events ptrace.SpanEventSlice, text spanText, noDocuments bool) {
	// Category: provided on the span wins (read before redaction, which a provided key naming
	// a content attribute would see), else the rules on the full query.
	category := ""
	for _, k := range p.cfg.Categories.ProvidedKeys {
		if category = a.str(k); category != "" {
			break
		}
	}

	redactions, clean := p.redactContent(a, events, &text)
	query := p.redactText(strings.TrimSpace(text.query), clean.query)
	response := p.redactText(strings.TrimSpace(text.response), clean.response)

	bufp := p.buffers.Get().(*[]byte)
	defer p.buffers.Put(bufp)

	if category == "" && query != "" {
		*bufp = foldText((*bufp)[:0], query)
		category = p.categories.categorize(query, *bufp)
	}
	putIfSet(a, derivedKeys.category, category)

	finish := a.strOf(derivedKeys.finishReason)
	*bufp = foldText((*bufp)[:0], response)
	reason := p.zero.detect(response, *bufp, text.outFound && !isToolFinish(finish), finish, noDocuments)
	a.putBoolOf(derivedKeys.zeroResult, reason != "")
	if reason != "" {
		a.putStrOf(derivedKeys.zeroReason, reason)
	} else {
		a.removeOf(derivedKeys.zeroReason)
	}

	if fp := fingerprint(query); fp != 0 {
		a.putIntOf(derivedKeys.fingerprint, int64(fp)) // bit pattern of the uint64 column
	}
	responseLen := runeCount(response)
	query, qCut := truncateRunes(query, p.cfg.Text.MaxLength)
	response, rCut := truncateRunes(response, p.cfg.Text.MaxLength)
	putIfSet(a, derivedKeys.query, query)
	putIfSet(a, derivedKeys.response, response)
	if text.outFound {
		a.putIntOf(derivedKeys.responseLength, int64(responseLen))
	}
	if qCut || rCut {
		a.putBoolOf(derivedKeys.truncated, true)
	}

	// query and response are already redacted, and redaction is idempotent: they need no
	// second pass unless truncation cut them (a cut can expose a new match at the end).
	redactions += p.redactDerivedText(a, query != "" && !qCut, response != "" && !rCut)
	p.tel.count(p.tel.redacted, redactions, "where", "span")
	if p.cfg.Text.DropContent {
		dropContent(a, events)
	}
}

// redactText is Redactor.Redact without the detector passes over an empty text (no detector
// matches an empty string), the common case of a span without message content, or over a
// clean one (cleanSource).
func (p *genaiProcessor) redactText(s string, clean bool) string {
	if s == "" || clean {
		return s
	}
	s, _ = p.redactor.Redact(s)
	return s
}

// isToolFinish: a response that only calls tools has no text but is not a zero result.
func isToolFinish(finish string) bool {
	switch strings.ToLower(finish) {
	case "tool_calls", "tool_call", "function_call", "tool_use":
		return true
	}
	return false
}

func putIfSet(a *spanAttrs, key hashedKey, value string) {
	if value != "" {
		a.putStrOf(key, value)
	}
}
