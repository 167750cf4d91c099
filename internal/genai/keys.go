package genai

// Current OTel GenAI semantic-convention keys (1.37+). The processor writes the normalized
// values back under these names whatever dialect the span arrived in.
const (
	KeyOperationName      = "gen_ai.operation.name"
	KeyProviderName       = "gen_ai.provider.name"
	KeyRequestModel       = "gen_ai.request.model"
	KeyResponseModel      = "gen_ai.response.model"
	KeyResponseID         = "gen_ai.response.id"
	KeyRequestTemperature = "gen_ai.request.temperature"
	KeyInputTokens        = "gen_ai.usage.input_tokens"
	KeyOutputTokens       = "gen_ai.usage.output_tokens"
	KeyCacheReadTokens    = "gen_ai.usage.cache_read.input_tokens"
	KeyCacheWriteTokens   = "gen_ai.usage.cache_creation.input_tokens"
	KeyReasoningTokens    = "gen_ai.usage.reasoning.output_tokens"
	KeyFinishReasons      = "gen_ai.response.finish_reasons"
	KeyConversationID     = "gen_ai.conversation.id"
	KeyInputMessages      = "gen_ai.input.messages"
	KeyOutputMessages     = "gen_ai.output.messages"
	KeySystemInstructions = "gen_ai.system_instructions"
	KeyErrorType          = "error.type"
	KeyServiceName        = "service.name"
)

// KeyFollowUpPrefix starts the attributes of the follow-up a span carries (the keys are in
// internal/feedback). The follow-up is stored as its genai_feedback row, so the exporter keeps
// them out of the genai_events attributes map.
const KeyFollowUpPrefix = "aianalytics.followup."

// Derived analytics keys, all under aianalytics.*. The exporter maps each to a column of
// genai_events; a span without KeyEventID is not a GenAI call and is not written.
const (
	KeyEventID          = "aianalytics.event_id"
	KeyTenantID         = "aianalytics.tenant.id"
	KeyUserID           = "aianalytics.user.id"
	KeySessionID        = "aianalytics.session.id"
	KeyQuery            = "aianalytics.query"
	KeyQueryFingerprint = "aianalytics.query.fingerprint"
	KeyQueryCategory    = "aianalytics.query.category"
	KeyResponse         = "aianalytics.response"
	KeyResponseLength   = "aianalytics.response.length"
	KeyCostUSD          = "aianalytics.cost.usd"
	KeyCostSource       = "aianalytics.cost.source"
	KeyLatencyMs        = "aianalytics.latency_ms"
	KeyFinishReason     = "aianalytics.finish_reason"
	KeyError            = "aianalytics.error"
	KeyZeroResult       = "aianalytics.zero_result"
	KeyZeroResultReason = "aianalytics.zero_result.reason"
	KeyUserSource       = "aianalytics.user.source"
	KeyFeatureVersion   = "aianalytics.feature.version"
	KeyUserSegment      = "aianalytics.user.segment"
	KeyGeography        = "aianalytics.geo.country"
	KeyAnomalyFlags     = "aianalytics.anomaly.flags"
	KeyTruncated        = "aianalytics.text.truncated"
	// KeyDialect names the instrumentation dialect the processor read the span in.
	KeyDialect = "aianalytics.dialect"
)

// Cost sources, in priority order.
const (
	CostSourceProvided = "provided"
	CostSourceOverride = "override"
	CostSourceFile     = "file"
	CostSourceBuiltin  = "builtin"
	CostSourceUnknown  = "unknown"
)

// DefaultTenant is used when no tenant key is found anywhere; tenant_id is never empty.
const DefaultTenant = "default"

// Log event names routed by the exporter's logs path (attribute event.name).
const (
	KeyEventName        = "event.name"
	EventNameGenAIEvent = "aianalytics.genai_event"
	EventNameFeedback   = "aianalytics.feedback"
	EventNameFunnel     = "aianalytics.funnel"
	EventNameAnomaly    = "aianalytics.anomaly"
)
