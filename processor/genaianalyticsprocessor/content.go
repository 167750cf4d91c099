package genaianalyticsprocessor

import (
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// contentKeys are message-content attributes (exact keys) of every dialect.
var contentKeys = []string{
	genai.KeyInputMessages, genai.KeyOutputMessages, genai.KeySystemInstructions,
	keyPromptDeprecated, keyCompletionDeprecated, keyOIInputValue, keyOIOutputValue,
	keyVercelPrompt, keyVercelPromptMessages, keyVercelResponseText, "ai.response.object",
}

// Hashed forms of the keys redactContent probes on every span.
var (
	hashedContentKeys = newHashedKeys(contentKeys)
	hashedDerivedText = newHashedKeys([]string{genai.KeyQuery, genai.KeyResponse})
	// hashedFirstIndexed are the first message of each indexed dialect: a span with none of
	// them has no indexed content.
	hashedFirstIndexed = newHashedKeys([]string{keyTraceloopPromptPrefix + "0.content", keyTraceloopCompletionPref + "0.content",
		keyOIInputMsgPrefix + "0.message.content", keyOIOutputMsgPrefix + "0.message.content"})
)

// contentPrefixes are the indexed (flattened) message-content attributes.
var contentPrefixes = []string{keyTraceloopPromptPrefix, keyTraceloopCompletionPref, keyOIInputMsgPrefix, keyOIOutputMsgPrefix}

// contentEvents are span events that carry message content.
var contentEvents = map[string]struct{}{
	eventSystemMessage: {}, eventUserMessage: {}, eventAssistantMessage: {}, eventToolMessage: {},
	eventChoice: {}, eventContentPrompt: {}, eventContentComplete: {}, eventOperationDetails: {},
}

func isIndexedContentKey(k string) bool {
	for _, p := range contentPrefixes {
		if strings.HasPrefix(k, p) {
			// gen_ai.prompt.N.* / gen_ai.completion.N.*: only role/content parts, not
			// finish_reason (which stays as metadata).
			return !strings.HasSuffix(k, ".finish_reason")
		}
	}
	return false
}

// redactContent applies the redactor to every string inside the message attributes and the
// content events of a span. It returns how many values changed, and which sides of text were
// read from a message attribute it left unchanged (see cleanSource).
func (p *genaiProcessor) redactContent(a *spanAttrs, events ptrace.SpanEventSlice, text *spanText) (int64, cleanSides) {
	var clean cleanSides
	if !p.redactor.Enabled() {
		return 0, clean
	}
	n := int64(0)
	for _, k := range hashedContentKeys {
		if !a.keys.mayHaveHash(k.hash) {
			continue // most spans hold none: the probe inlined, without a call per key
		}
		if v, ok := a.m.Get(k.name); ok {
			changed := p.redactValue(v)
			if changed == 0 {
				clean.note(k.name, v, text)
			}
			n += changed
		}
	}
	if a.holdsAny(hashedFirstIndexed) {
		a.m.Range(func(k string, v pcommon.Value) bool {
			if isIndexedContentKey(k) {
				n += p.redactValue(v)
			}
			return true
		})
	}
	for i := 0; i < events.Len(); i++ {
		e := events.At(i)
		if _, ok := contentEvents[e.Name()]; ok {
			e.Attributes().Range(func(_ string, v pcommon.Value) bool {
				n += p.redactValue(v)
				return true
			})
		}
	}
	return n, clean
}

// redactDerivedText redacts aianalytics.query/response unless queryDone/responseDone say they
// hold already redacted text; it returns how many changed.
func (p *genaiProcessor) redactDerivedText(a *spanAttrs, queryDone, responseDone bool) int64 {
	if !p.redactor.Enabled() {
		return 0
	}
	n := int64(0)
	for i, done := range [...]bool{queryDone, responseDone} {
		if v, ok := a.lookup(hashedDerivedText[i]); ok && !done {
			n += p.redactValue(v)
		}
	}
	return n
}

// redactValue redacts strings in place (recursing into slices and maps); returns how many
// values changed.
func (p *genaiProcessor) redactValue(v pcommon.Value) int64 {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		if s, changed := p.redactor.Redact(v.Str()); changed {
			v.SetStr(s)
			return 1
		}
	case pcommon.ValueTypeSlice:
		n, s := int64(0), v.Slice()
		for i := 0; i < s.Len(); i++ {
			n += p.redactValue(s.At(i))
		}
		return n
	case pcommon.ValueTypeMap:
		n := int64(0)
		v.Map().Range(func(_ string, e pcommon.Value) bool {
			n += p.redactValue(e)
			return true
		})
		return n
	}
	return 0
}

// dropContent removes message content from the span (text_drop_content).
func dropContent(a *spanAttrs, events ptrace.SpanEventSlice) {
	for _, k := range contentKeys {
		a.Remove(k)
	}
	a.m.RemoveIf(func(k string, _ pcommon.Value) bool { return isIndexedContentKey(k) })
	events.RemoveIf(func(e ptrace.SpanEvent) bool {
		_, ok := contentEvents[e.Name()]
		return ok
	})
}
