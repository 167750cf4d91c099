package genaianalyticsprocessor

import (
	"context"
	"unicode/utf8"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.uber.org/zap"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

type spanProcessor struct {
	cfg    *Config
	logger *zap.Logger
}

func newSpanProcessor(cfg *Config, logger *zap.Logger) *spanProcessor {
	return &spanProcessor{cfg: cfg, logger: logger}
}

func (p *spanProcessor) processTraces(_ context.Context, td ptrace.Traces) (ptrace.Traces, error) {
	rss := td.ResourceSpans()
	for i := 0; i < rss.Len(); i++ {
		rs := rss.At(i)
		sss := rs.ScopeSpans()
		for j := 0; j < sss.Len(); j++ {
			spans := sss.At(j).Spans()
			for k := 0; k < spans.Len(); k++ {
				span := spans.At(k)
				if isGenAISpan(span.Attributes()) {
					p.enrich(span, rs.Resource())
				}
			}
		}
	}
	return td, nil
}

// isGenAISpan recognizes a GenAI call by the keys every GenAI semconv version sets.
func isGenAISpan(attrs pcommon.Map) bool {
	for _, k := range []string{genai.KeyOperationName, genai.KeyProviderName, keySystemDeprecated, genai.KeyRequestModel} {
		if _, ok := attrs.Get(k); ok {
			return true
		}
	}
	return false
}

// enrich writes the canonical and derived attributes onto a GenAI span.
func (p *spanProcessor) enrich(span ptrace.Span, resource pcommon.Resource) {
	attrs := span.Attributes()
	normalizeSemconv(attrs)

	attrs.PutStr(genai.KeyEventID, genai.EventIDFor(span.TraceID(), span.SpanID()).String())
	attrs.PutStr(genai.KeyTenantID, firstOf(attrs, resource.Attributes(), p.cfg.TenantKeys, p.cfg.DefaultTenant))
	putIfSet(attrs, genai.KeyUserID, firstOf(attrs, resource.Attributes(), p.cfg.UserKeys, ""))
	putIfSet(attrs, genai.KeySessionID, firstOf(attrs, resource.Attributes(), p.cfg.SessionKeys, ""))

	query, response := extractText(attrs)
	query, qCut := truncateRunes(query, p.cfg.MaxTextLength)
	responseLen := utf8.RuneCountInString(response)
	response, rCut := truncateRunes(response, p.cfg.MaxTextLength)
	putIfSet(attrs, genai.KeyQuery, query)
	putIfSet(attrs, genai.KeyResponse, response)
	attrs.PutInt(genai.KeyResponseLength, int64(responseLen))
	if qCut || rCut {
		attrs.PutBool(genai.KeyTruncated, true)
	}

	if fr := firstFinishReason(attrs); fr != "" {
		attrs.PutStr(genai.KeyFinishReason, fr)
	}
	errType := genai.Str(attrs, genai.KeyErrorType)
	isErr := span.Status().Code() == ptrace.StatusCodeError || errType != ""
	attrs.PutBool(genai.KeyError, isErr)
	if isErr && errType == "" {
		attrs.PutStr(genai.KeyErrorType, "_OTHER")
	}
	if end, start := span.EndTimestamp(), span.StartTimestamp(); end > start {
		attrs.PutDouble(genai.KeyLatencyMs, float64(end-start)/1e6)
	}
}

// firstOf returns the first non-empty value of keys on the span, then on the resource.
func firstOf(span, resource pcommon.Map, keys []string, fallback string) string {
	for _, m := range []pcommon.Map{span, resource} {
		for _, k := range keys {
			if s := genai.Str(m, k); s != "" {
				return s
			}
		}
	}
	return fallback
}

func putIfSet(attrs pcommon.Map, key, value string) {
	if value != "" {
		attrs.PutStr(key, value)
	}
}

// truncateRunes cuts s to at most n runes (n <= 0: no cap) and says whether it did.
func truncateRunes(s string, n int) (string, bool) {
	if n <= 0 || len(s) <= n {
		return s, false
	}
	count := 0
	for i := range s {
		if count == n {
			return s[:i], true
		}
		count++
	}
	return s, false
}
