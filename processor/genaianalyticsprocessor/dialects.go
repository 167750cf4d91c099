package genaianalyticsprocessor

import (
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// Attribute keys of the dialects read besides current semconv (internal/genai/keys.go).
const (
	// Deprecated GenAI semconv (before 1.37).
	keySystemDeprecated           = "gen_ai.system"
	keyPromptTokensDeprecated     = "gen_ai.usage.prompt_tokens"
	keyCompletionTokensDeprecated = "gen_ai.usage.completion_tokens"
	keyPromptDeprecated           = "gen_ai.prompt"
	keyCompletionDeprecated       = "gen_ai.completion"
	keyProvidedCost               = "gen_ai.usage.cost"

	// OpenLLMetry / Traceloop.
	keyTraceloopRequestType     = "llm.request.type"
	keyTraceloopTotalTokens     = "llm.usage.total_tokens"
	keyTraceloopCacheRead       = "gen_ai.usage.cache_read_input_tokens"
	keyTraceloopCacheWrite      = "gen_ai.usage.cache_creation_input_tokens"
	keyTraceloopPromptPrefix    = "gen_ai.prompt."
	keyTraceloopCompletionPref  = "gen_ai.completion."
	keyTraceloopFirstCompletion = "gen_ai.completion.0.finish_reason"

	// OpenInference.
	keyOISpanKind        = "openinference.span.kind"
	keyOIModelName       = "llm.model_name"
	keyOIProvider        = "llm.provider"
	keyOISystem          = "llm.system"
	keyOIPromptTokens    = "llm.token_count.prompt"
	keyOICompTokens      = "llm.token_count.completion"
	keyOITotalTokens     = "llm.token_count.total"
	keyOICacheRead       = "llm.token_count.prompt_details.cache_read"
	keyOICacheWrite      = "llm.token_count.prompt_details.cache_write"
	keyOIReasoning       = "llm.token_count.completion_details.reasoning"
	keyOICost            = "llm.cost.total"
	keyOIInputValue      = "input.value"
	keyOIOutputValue     = "output.value"
	keyOIInputMsgPrefix  = "llm.input_messages."
	keyOIOutputMsgPrefix = "llm.output_messages."

	// Vercel AI SDK.
	keyVercelModelID        = "ai.model.id"
	keyVercelProvider       = "ai.model.provider"
	keyVercelOperationID    = "ai.operationId"
	keyVercelInputTokens    = "ai.usage.inputTokens"
	keyVercelPromptTokens   = "ai.usage.promptTokens"
	keyVercelOutputTokens   = "ai.usage.outputTokens"
	keyVercelCompTokens     = "ai.usage.completionTokens"
	keyVercelCachedTokens   = "ai.usage.cachedInputTokens"
	keyVercelReasoning      = "ai.usage.reasoningTokens"
	keyVercelPrompt         = "ai.prompt"
	keyVercelPromptMessages = "ai.prompt.messages"
	keyVercelResponseText   = "ai.response.text"
	keyVercelResponseModel  = "ai.response.model"
	keyVercelResponseID     = "ai.response.id"
	keyVercelFinishReason   = "ai.response.finishReason"
	keyVercelTemperature    = "ai.settings.temperature"
)

// Dialect names, reported in aianalytics.dialect and the spans metric.
const (
	dialectSemconv      = "semconv"
	dialectDeprecated   = "semconv_deprecated"
	dialectTraceloop    = "openllmetry"
	dialectOpenInfer    = "openinference"
	dialectVercel       = "vercel_ai"
	operationChat       = "chat"
	vercelOuterSuffixes = "generateText streamText generateObject streamObject embed embedMany"
)

// detectDialect says whether a span is a GenAI call and in which dialect, most specific
// first. Wrapper spans are not calls: OpenInference spans of another kind than LLM, and the
// outer Vercel spans (ai.generateText …) whose inner ai.*.doGenerate span carries the call.
func detectDialect(attrs pcommon.Map) (string, bool) {
	a := indexAttrs(attrs)
	return spanDialect(&a)
}

// dialectKeys are the keys spanDialect probes on every span (most spans are no GenAI call),
// hashed once.
var dialectKeys = struct {
	oiSpanKind, vercelOperationID, vercelModelID, requestModel, traceloopRequestType, systemDeprecated hashedKey
	semconv                                                                                            hashedKeys
}{
	oiSpanKind:           newHashedKey(keyOISpanKind),
	vercelOperationID:    newHashedKey(keyVercelOperationID),
	vercelModelID:        newHashedKey(keyVercelModelID),
	requestModel:         newHashedKey(genai.KeyRequestModel),
	traceloopRequestType: newHashedKey(keyTraceloopRequestType),
	systemDeprecated:     newHashedKey(keySystemDeprecated),
	semconv:              newHashedKeys([]string{genai.KeyProviderName, genai.KeyOperationName, genai.KeyRequestModel}),
}

// spanDialect is detectDialect on an indexed span.
func spanDialect(a *spanAttrs) (string, bool) {
	k := &dialectKeys
	if kind, ok := a.lookup(k.oiSpanKind); ok {
		return dialectOpenInfer, strings.EqualFold(kind.Str(), "LLM")
	}
	if op, ok := a.lookup(k.vercelOperationID); ok {
		if isVercelOuter(op.Str()) {
			return dialectVercel, false
		}
		// ai.toolCall and other spans without a model are not model calls.
		return dialectVercel, a.has(k.vercelModelID) || a.has(k.requestModel)
	}
	if a.has(k.traceloopRequestType) {
		return dialectTraceloop, true
	}
	if a.holdsAny(k.semconv) {
		if a.has(k.systemDeprecated) {
			return dialectDeprecated, true
		}
		return dialectSemconv, true
	}
	if a.has(k.systemDeprecated) {
		return dialectDeprecated, true
	}
	if a.has(k.vercelModelID) {
		return dialectVercel, true
	}
	return "", false
}

func isVercelOuter(op string) bool {
	name, ok := strings.CutPrefix(op, "ai.")
	return ok && !strings.Contains(name, ".") && strings.Contains(" "+vercelOuterSuffixes+" ", " "+name+" ")
}

// fieldSources lists, for each canonical key, the keys of the other dialects in precedence
// order: current semconv, deprecated semconv, OpenLLMetry, OpenInference, Vercel AI SDK. The
// first present value is written under the canonical key when it is missing.
var fieldSources = []struct {
	to   string
	from []string
}{
	{genai.KeyRequestModel, []string{keyOIModelName, keyVercelModelID}},
	{genai.KeyResponseModel, []string{keyVercelResponseModel}},
	{genai.KeyResponseID, []string{keyVercelResponseID}},
	{genai.KeyRequestTemperature, []string{keyVercelTemperature}},
	{genai.KeyInputTokens, []string{keyPromptTokensDeprecated, keyOIPromptTokens, keyVercelInputTokens, keyVercelPromptTokens}},
	{genai.KeyOutputTokens, []string{keyCompletionTokensDeprecated, keyOICompTokens, keyVercelOutputTokens, keyVercelCompTokens}},
	{genai.KeyCacheReadTokens, []string{keyTraceloopCacheRead, keyOICacheRead, keyVercelCachedTokens}},
	{genai.KeyCacheWriteTokens, []string{keyTraceloopCacheWrite, keyOICacheWrite}},
	{genai.KeyReasoningTokens, []string{keyOIReasoning, keyVercelReasoning}},
}

var countKeys = [...]string{genai.KeyInputTokens, genai.KeyOutputTokens, genai.KeyCacheReadTokens,
	genai.KeyCacheWriteTokens, genai.KeyReasoningTokens}

// hashedCountKeys are countKeys hashed once: normalizeSpanFields checks them on every call.
var hashedCountKeys = newHashedKeys(countKeys[:])

// normalizeFields writes the canonical semconv keys from whatever dialect the span uses.
func normalizeFields(attrs pcommon.Map, dialect string) {
	a := indexAttrs(attrs)
	normalizeSpanFields(&a, dialect, true)
}

// normalizeSpanFields is normalizeFields on an indexed span. Without fromOthers (when
// attrRoom.normalizes found no key to read) only the counts are checked: every other step
// would find nothing to write.
func normalizeSpanFields(a *spanAttrs, dialect string, fromOthers bool) {
	if fromOthers {
		copyCanonicalFields(a, dialect)
	}
	for _, k := range hashedCountKeys {
		normalizeCount(a, k)
	}
	if fromOthers {
		deriveCanonicalFields(a)
	}
}

// copyCanonicalFields writes the canonical keys a span of another dialect holds under its own
// keys, and the operation of the dialects that only imply it.
func copyCanonicalFields(a *spanAttrs, dialect string) {
	for _, f := range fieldSources {
		if _, ok := a.Get(f.to); ok {
			continue
		}
		for _, k := range f.from {
			if v, ok := a.Get(k); ok {
				v.CopyTo(a.PutEmpty(f.to))
				break
			}
		}
	}
	normalizeProvider(a)
	if _, ok := a.Get(genai.KeyOperationName); !ok {
		switch op := a.str(keyTraceloopRequestType); {
		case op == "completion":
			a.PutStr(genai.KeyOperationName, "text_completion")
		case op == "embedding":
			a.PutStr(genai.KeyOperationName, "embeddings")
		case op != "":
			a.PutStr(genai.KeyOperationName, op)
		case dialect == dialectOpenInfer || dialect == dialectVercel:
			a.PutStr(genai.KeyOperationName, vercelOperation(a.str(keyVercelOperationID)))
		}
	}
}

// deriveCanonicalFields writes what other dialects only report indirectly: input tokens from a
// total, the finish reasons from a single reason. It runs after the counts are normalized.
func deriveCanonicalFields(a *spanAttrs) {
	// Input from a total when only total and output are reported.
	if _, ok := a.Get(genai.KeyInputTokens); !ok {
		for _, k := range [...]string{keyTraceloopTotalTokens, keyOITotalTokens} {
			if total := a.int(k); total > 0 {
				if out := a.int(genai.KeyOutputTokens); out <= total {
					a.PutInt(genai.KeyInputTokens, total-out)
				}
				break
			}
		}
	}
	if _, ok := a.Get(genai.KeyFinishReasons); !ok {
		fr := ""
		for _, k := range [...]string{keyVercelFinishReason, keyTraceloopFirstCompletion} {
			if fr = a.str(k); fr != "" {
				break
			}
		}
		if fr == "" {
			// OpenInference records the reason only inside the raw response JSON.
			fr = responseJSONFinishReason(a.str(keyOIOutputValue))
		}
		if fr != "" {
			a.PutEmptySlice(genai.KeyFinishReasons).AppendEmpty().SetStr(fr)
		}
	}
}

// responseJSONFinishReason is the first finish_reason (OpenAI-style choices) or stop_reason
// (Anthropic-style) string in a provider's raw response JSON, or "". Each key is found by its
// quoted name followed by a colon: inside a JSON string the quotes would be escaped, so such a
// match is always a key.
func responseJSONFinishReason(s string) string {
	s = strings.TrimLeft(s, " \t\r\n")
	if s == "" || (s[0] != '{' && s[0] != '[') {
		return ""
	}
	for _, key := range [...]string{`"finish_reason"`, `"stop_reason"`} {
		for from := 0; ; {
			i := strings.Index(s[from:], key)
			if i < 0 {
				break
			}
			p := jsonScanner{s: s, i: from + i + len(key)}
			from = p.i
			if !p.consume(':') || p.peek() != '"' {
				continue
			}
			if v := p.str(); !p.bad && v != "" {
				return v
			}
		}
	}
	return ""
}

func vercelOperation(op string) string {
	if strings.Contains(op, "embed") {
		return "embeddings"
	}
	return operationChat
}

// normalizeProvider writes gen_ai.provider.name from the deprecated gen_ai.system or the other
// dialects' provider keys, mapped onto semconv provider values.
func normalizeProvider(a *spanAttrs) {
	if _, ok := a.Get(genai.KeyProviderName); ok {
		return
	}
	for _, k := range [...]string{keySystemDeprecated, keyOIProvider, keyOISystem, keyVercelProvider} {
		if s := a.str(k); s != "" {
			a.PutStr(genai.KeyProviderName, semconvProvider(s))
			return
		}
	}
}

// semconvProvider maps provider spellings (Vercel "openai.chat", OpenInference "mistralai",
// "google", …) onto the semconv gen_ai.provider.name values.
func semconvProvider(p string) string {
	l := strings.ToLower(strings.TrimSpace(p))
	switch l {
	case "aws.bedrock", "azure.ai.openai", "azure.ai.inference", "gcp.gemini", "gcp.vertex_ai", "gcp.gen_ai", "ibm.watsonx.ai":
		return l
	}
	head := l
	if i := strings.IndexByte(l, '.'); i > 0 {
		head = l[:i]
	}
	switch head {
	case "amazon-bedrock", "bedrock", "aws", "aws_bedrock":
		return "aws.bedrock"
	case "azure", "azure-openai", "az_openai", "azure_openai":
		return "azure.ai.openai"
	case "google", "google-generative-ai", "gemini", "google_genai":
		if strings.Contains(l, "vertex") {
			return "gcp.vertex_ai"
		}
		return "gcp.gemini"
	case "vertex", "vertexai", "vertex_ai", "google-vertex":
		return "gcp.vertex_ai"
	case "mistral", "mistralai", "mistral_ai":
		return "mistral_ai"
	case "xai", "x-ai", "x_ai", "grok":
		return "x_ai"
	}
	return head
}

// normalizeCount stores a token count as a non-negative int whatever type it arrived as.
func normalizeCount(a *spanAttrs, key hashedKey) {
	v, ok := a.lookup(key)
	if !ok || v.Type() == pcommon.ValueTypeInt && v.Int() >= 0 {
		return
	}
	n, ok := genai.AsInt(v)
	if !ok {
		a.Remove(key.name)
		return
	}
	a.PutInt(key.name, int64(genai.ClampUint32(n)))
}

func firstFinishReason(a *spanAttrs) string {
	v, ok := a.Get(genai.KeyFinishReasons)
	if !ok {
		return ""
	}
	switch v.Type() {
	case pcommon.ValueTypeSlice:
		if v.Slice().Len() > 0 {
			return v.Slice().At(0).AsString()
		}
	case pcommon.ValueTypeStr:
		return v.Str()
	}
	return ""
}
