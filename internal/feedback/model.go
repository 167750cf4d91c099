package feedback

import "time"

// Feedback is one row of genai_feedback: a user's (or an evaluator's) judgement of a response.
type Feedback struct {
	EventID    string
	Timestamp  time.Time
	TenantID   string
	UserID     string
	SessionID  string
	ResponseID string
	TraceID    string
	SpanID     string
	Type       string
	Rating     *uint8   // 1–5, only for TypeRating
	Score      *float64 // normalized judgement: 1 = good, 0 = bad (see DefaultScore)
	Comment    string
	Source     string
	Metadata   map[string]string
}

// FunnelEvent is one row of genai_funnel_events: a user reaching a stage of the product funnel.
type FunnelEvent struct {
	EventID   string
	Timestamp time.Time
	TenantID  string
	UserID    string
	SessionID string
	Stage     string
	Details   map[string]string
}

// Built-in feedback types.
const (
	TypeThumbsUp   = "thumbs_up"
	TypeThumbsDown = "thumbs_down"
	TypeFollowUp   = "follow_up"
	TypeShare      = "share"
	TypeSave       = "save"
	TypeRating     = "rating"
	TypeComment    = "comment"
	// TypeEvaluation is an OTel gen_ai.evaluation.result event (LLM-as-judge, human review).
	TypeEvaluation = "evaluation"
)

// BuiltinTypes are accepted without configuration.
var BuiltinTypes = []string{
	TypeThumbsUp, TypeThumbsDown, TypeFollowUp, TypeShare, TypeSave, TypeRating, TypeComment, TypeEvaluation,
}

// Sources of feedback.
const (
	SourceExplicit   = "explicit"   // sent by an app or browser (aifeedback receiver, OTLP log)
	SourceImplicit   = "implicit"   // derived by the processor (follow-up detection)
	SourceEvaluation = "evaluation" // gen_ai.evaluation.result event
)

// Default funnel stages, in order. StageAIQuery and StageResponseReceived are derived from
// genai_events at query time (see NonQueryOperations); apps report the others.
const (
	StageAIQuery          = "ai_query"
	StageResponseReceived = "response_received"
	StageSatisfied        = "satisfied"
	StageActionTaken      = "action_taken"
	StageConverted        = "converted"
)

// DefaultStages is the default ordered funnel.
func DefaultStages() []string {
	return []string{StageAIQuery, StageResponseReceived, StageSatisfied, StageActionTaken, StageConverted}
}

// NonQueryOperations are the gen_ai.operation.name values that are not a user asking
// something: such calls start no follow-up and are no ai_query funnel stage.
func NonQueryOperations() []string {
	return []string{"embeddings", "execute_tool", "create_agent"}
}

// Field limits: bounded rows whatever the client sends.
const (
	MaxIDLength       = 256
	MaxTypeLength     = 64
	MaxCommentLength  = 10000 // runes
	MaxMetadataKeys   = 64
	MaxMetadataKeyLen = 128
	MaxMetadataValLen = 2048
)

// DefaultScore is the normalized score of a judgement: thumbs up 1, thumbs down 0, a rating r
// maps to (r-1)/4. Other types carry no score.
func DefaultScore(typ string, rating *uint8) *float64 {
	var s float64
	switch {
	case typ == TypeThumbsUp:
		s = 1
	case typ == TypeThumbsDown:
		s = 0
	case typ == TypeRating && rating != nil:
		s = float64(*rating-1) / 4
	default:
		return nil
	}
	return &s
}
