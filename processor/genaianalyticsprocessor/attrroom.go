package genaianalyticsprocessor

import (
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// attrRoom sizes the one reallocation of a span's attribute slice that enrichment makes: the
// slice arrives full, so the first new key reallocates it, and what is reserved then is all
// the span gets (a collector heap profile showed this reallocation as 14 % of all bytes
// allocated). Too little room doubles the slice on a later append, which is worse than too
// much, so every count below is an upper bound of the keys that part of enrichment (and the
// follow-up and anomaly stages after it) may add; it is computed from what is known before
// the first write. Read-only after newAttrRoom.
type attrRoom struct {
	// fixed counts the keys any call may get whatever it carries: dialect, event id, tenant,
	// error, error type, finish reason, latency, cost and cost source, zero result and its
	// reason, plus the follow-up (5) and anomaly (1) keys when those stages are on.
	fixed int
	// normalizeSources are the keys normalizeSpanFields reads to write a canonical key; a
	// span with none of them gets no canonical key written.
	normalizeSources hashedKeys
	// identityFields counts the identity fields but the tenant (counted in fixed), the room
	// taken when the identity is not resolved before the reservation.
	identityFields int
	// earlyIdentity: no identity key is one that prepare writes before applyIdentity, so the
	// identity can be resolved before the reservation (and its exact count reserved).
	earlyIdentity bool
	// category: a category may be written from a provided key even without a query.
	providedCategory bool
	truncates        bool
}

const (
	followUpKeys = 5 // feedback.KeyFollowUp*: response id, trace id, span id, time, gap
	// normalizeMaxKeys bounds normalizeSpanFields: every fieldSources target, the provider,
	// the operation, input tokens from a total and the finish reasons.
	normalizeMaxKeys = 13
	// joinedKeys bounds pendingContent.writeOnSpan: both message keys and both finish keys.
	joinedKeys = 4
)

func newAttrRoom(cfg *Config) *attrRoom {
	r := &attrRoom{
		fixed:            11,
		providedCategory: len(cfg.Categories.ProvidedKeys) > 0,
		truncates:        cfg.Text.MaxLength > 0,
	}
	if cfg.Feedback.FollowUpWindow > 0 {
		r.fixed += followUpKeys
	}
	if cfg.Anomaly.Enabled {
		r.fixed++ // aianalytics.anomaly.flags
	}
	r.normalizeSources = newHashedKeys(normalizeSourceKeys())
	fields := identityFields(cfg.Identity)
	r.identityFields = len(fields) - 1
	written := map[string]bool{genai.KeyDialect: true, genai.KeyEventID: true}
	for _, k := range normalizeWrittenKeys() {
		written[k] = true
	}
	r.earlyIdentity = true
	for _, f := range fields {
		for _, k := range f.src.Attributes {
			if written[k] {
				r.earlyIdentity = false
			}
		}
	}
	return r
}

// normalizeWrittenKeys lists every key normalizeSpanFields may write or remove.
func normalizeWrittenKeys() []string {
	keys := []string{genai.KeyProviderName, genai.KeyOperationName, genai.KeyInputTokens, genai.KeyFinishReasons}
	keys = append(keys, countKeys[:]...)
	for _, f := range fieldSources {
		keys = append(keys, f.to)
	}
	return keys
}

// normalizeSourceKeys lists every key normalizeSpanFields reads before writing a key.
func normalizeSourceKeys() []string {
	keys := []string{keySystemDeprecated, keyOIProvider, keyOISystem, keyVercelProvider, keyTraceloopRequestType,
		keyTraceloopTotalTokens, keyOITotalTokens, keyVercelFinishReason, keyTraceloopFirstCompletion}
	for _, f := range fieldSources {
		keys = append(keys, f.from...)
	}
	return keys
}

// forSpan returns the room to reserve for a call without span events (those may copy any
// number of attributes), given whether normalizeSpanFields copies from other keys (normalizes),
// its extracted text (with joined content), whether content was joined, and its identity when
// resolved already.
func (r *attrRoom) forSpan(normalizes bool, text callText, joined bool, id *spanIdentity) int {
	n := r.fixed + r.identityRoom(id)
	if normalizes {
		n += normalizeMaxKeys
	}
	if joined {
		n += joinedKeys
	}
	if text.query != "" || r.providedCategory {
		n++ // category
	}
	if text.query != "" {
		n += 2 // query, fingerprint
	}
	if text.response != "" {
		n++
	}
	if text.outFound {
		n++ // response length
	}
	if r.truncates && (text.query != "" || text.response != "") {
		n++
	}
	return n
}

// normalizes reports whether normalizeSpanFields may write a canonical key: always for the
// dialects whose operation is derived from the dialect alone, else only when the span holds a
// key it reads. Most semconv spans hold none, and then only get their counts checked.
func (r *attrRoom) normalizes(a *spanAttrs, dialect string) bool {
	if dialect != dialectSemconv && dialect != dialectDeprecated {
		return true
	}
	return a.holdsAny(r.normalizeSources)
}

func (r *attrRoom) identityRoom(id *spanIdentity) int {
	if !id.resolved {
		return r.identityFields
	}
	n := 0
	for _, v := range id.values[1:] {
		if v != "" {
			n++
		}
	}
	return n
}
