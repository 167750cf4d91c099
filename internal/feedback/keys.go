package feedback

import "github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"

// Log-record attribute keys of a feedback or funnel record, next to genai.KeyEventID,
// genai.KeyTenantID, genai.KeyUserID, genai.KeySessionID and genai.KeyResponseID. Trace and
// span ids travel in the record's own TraceID/SpanID fields.
const (
	KeyType     = "aianalytics.feedback.type"
	KeyRating   = "aianalytics.feedback.rating"
	KeyScore    = "aianalytics.feedback.score"
	KeyComment  = "aianalytics.feedback.comment"
	KeySource   = "aianalytics.feedback.source"
	KeyMetadata = "aianalytics.feedback.metadata" // map attribute
	KeyStage    = "aianalytics.funnel.stage"
	KeyDetails  = "aianalytics.funnel.details" // map attribute
)

// Span attribute keys the processor writes for feedback it derives from GenAI spans. The
// exporter's traces path turns them into genai_feedback rows (FollowUpFromSpan).
const (
	// KeyFollowUpResponseID … describe one implicit follow_up feedback: the response that was
	// followed up (response id, trace id, span id) and when the follow-up query started.
	KeyFollowUpResponseID = genai.KeyFollowUpPrefix + "response_id"
	KeyFollowUpTraceID    = genai.KeyFollowUpPrefix + "trace_id"
	KeyFollowUpSpanID     = genai.KeyFollowUpPrefix + "span_id"
	KeyFollowUpTime       = genai.KeyFollowUpPrefix + "time_unix_nano"
	KeyFollowUpGapMs      = genai.KeyFollowUpPrefix + "gap_ms"
)

// Well-known attributes of an OTel gen_ai.evaluation.result event.
const (
	EventNameEvaluation    = "gen_ai.evaluation.result"
	KeyEvaluationName      = "gen_ai.evaluation.name"
	KeyEvaluationScore     = "gen_ai.evaluation.score.value"
	KeyEvaluationLabel     = "gen_ai.evaluation.score.label"
	KeyEvaluationExplained = "gen_ai.evaluation.explanation"
)

// Attributes of an application log record shaped like our feedback (an app logging feedback
// through its OTel SDK instead of calling the receiver).
const (
	KeyAppType    = "feedback.type"
	KeyAppRating  = "feedback.rating"
	KeyAppComment = "feedback.comment"
	KeyAppEventID = "feedback.event_id"
)
