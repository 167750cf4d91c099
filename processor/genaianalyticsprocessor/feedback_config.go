package genaianalyticsprocessor

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
)

// FeedbackConfig configures feedback normalization (logs path) and implicit follow-up detection
// (traces path). It is the `feedback:` section of the processor.
type FeedbackConfig struct {
	// FollowUpWindow: a user's next query in the same session that starts within this time
	// of the previous response's end records a follow_up (source implicit) for that response.
	// 0 disables follow-up detection.
	FollowUpWindow time.Duration `mapstructure:"follow_up_window"`
	// MaxSessions bounds the follow-up state (least recently active sessions are evicted).
	MaxSessions int `mapstructure:"max_sessions"`
	// DeriveFunnelStages is accepted so that configs written for earlier versions still load,
	// and has no effect: the analytics API derives the funnel stages ai_query and
	// response_received from genai_events when a funnel is queried (a funnel that should not
	// start with them names its own stages).
	//
	// Deprecated: no effect; remove it from the config.
	DeriveFunnelStages bool `mapstructure:"derive_funnel_stages"`
	// CustomTypes are feedback types accepted on log records besides the built-in ones
	// (keep in line with the aifeedback receiver's custom_types).
	CustomTypes []string `mapstructure:"custom_types"`
}

func defaultFeedbackConfig() FeedbackConfig {
	return FeedbackConfig{
		FollowUpWindow: 2 * time.Minute,
		MaxSessions:    100_000,
	}
}

// Validate checks the feedback section; the collector prefixes the result with "feedback: ".
func (c *FeedbackConfig) Validate() error {
	var errs []error
	if c.FollowUpWindow < 0 {
		errs = append(errs, fmt.Errorf("follow_up_window: must be >= 0, got %s", c.FollowUpWindow))
	}
	if c.FollowUpWindow > 24*time.Hour {
		errs = append(errs, fmt.Errorf("follow_up_window: at most 24h, got %s", c.FollowUpWindow))
	}
	if c.MaxSessions < 1 {
		errs = append(errs, fmt.Errorf("max_sessions: must be >= 1, got %d", c.MaxSessions))
	}
	builtin := feedback.NewRules(nil, nil)
	for i, t := range c.CustomTypes {
		if err := feedback.ValidateName(t); err != nil {
			errs = append(errs, fmt.Errorf("custom_types[%d]: %w", i, err))
		} else if builtin.TypeAllowed(t) {
			errs = append(errs, fmt.Errorf("custom_types[%d]: %q is already a built-in type", i, t))
		}
	}
	if len(errs) == 0 {
		return nil
	}
	msgs := make([]string, len(errs))
	for i, err := range errs {
		msgs[i] = err.Error()
	}
	// One line, so every problem stays next to the "feedback: " prefix.
	return errors.New(strings.Join(msgs, "; "))
}
