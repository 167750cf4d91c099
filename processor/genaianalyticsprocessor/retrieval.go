package genaianalyticsprocessor

import (
	"strings"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

const (
	keyOIRetrievalDocsPrefix = "retrieval.documents."
	oiKindRetriever          = "RETRIEVER"
	operationRetrieval       = "retrieval"
)

// retrievalMemory remembers, per trace and for a bounded time, that a retrieval span returned no
// documents, so the LLM call of the same trace (same batch or a later one) is a zero result.
type retrievalMemory struct {
	cfg    RetrievalConfig
	traces *boundedCache[pcommon.TraceID, struct{}]
}

func newRetrievalMemory(cfg RetrievalConfig, tel *telemetry) *retrievalMemory {
	return &retrievalMemory{cfg: cfg, traces: newBoundedCache[pcommon.TraceID](cfg.TTL, cfg.MaxTraces, func(_ struct{}, r evictReason) {
		if r == evictFull {
			tel.count(tel.retrieval, 1, "reason", "full")
		}
	})}
}

// observe records the traces of td that hold an empty retrieval span.
func (m *retrievalMemory) observe(now time.Time, td ptrace.Traces) {
	for _, span := range genai.Spans(td) {
		if docs, isRetrieval := m.documentCount(span.Attributes()); isRetrieval && docs == 0 {
			m.traces.update(now, span.TraceID(), func(struct{}, bool) struct{} { return struct{}{} })
		}
	}
}

// documentCount returns the number of documents of a retrieval span.
func (m *retrievalMemory) documentCount(attrs pcommon.Map) (int64, bool) {
	for _, k := range m.cfg.CountKeys {
		if v, ok := attrs.Get(k); ok {
			n, _ := genai.AsInt(v)
			return n, true
		}
	}
	isOI := strings.EqualFold(genai.Str(attrs, keyOISpanKind), oiKindRetriever)
	if !isOI && genai.Str(attrs, genai.KeyOperationName) != operationRetrieval {
		return 0, false
	}
	if isOI {
		// OpenInference flattens documents: retrieval.documents.N.document.*.
		n := int64(0)
		attrs.Range(func(k string, _ pcommon.Value) bool {
			if strings.HasPrefix(k, keyOIRetrievalDocsPrefix) {
				n = 1
				return false
			}
			return true
		})
		return n, true
	}
	// A semconv retrieval span without a count key: unknown, not empty.
	return -1, true
}

func (m *retrievalMemory) emptyIn(now time.Time, traceID pcommon.TraceID) bool {
	_, ok := m.traces.get(now, traceID)
	return ok
}
