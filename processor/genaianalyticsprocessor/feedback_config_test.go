package genaianalyticsprocessor

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/confmaptest"
)

func TestFeedbackConfigValidate(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(*FeedbackConfig)
		wantErr string
	}{
		{name: "default", mutate: func(*FeedbackConfig) {}},
		{name: "follow-ups off", mutate: func(c *FeedbackConfig) { c.FollowUpWindow = 0 }},
		{name: "negative window", mutate: func(c *FeedbackConfig) { c.FollowUpWindow = -time.Second }, wantErr: "follow_up_window: must be >= 0"},
		{name: "huge window", mutate: func(c *FeedbackConfig) { c.FollowUpWindow = 48 * time.Hour }, wantErr: "follow_up_window: at most 24h"},
		{name: "no sessions", mutate: func(c *FeedbackConfig) { c.MaxSessions = 0 }, wantErr: "max_sessions: must be >= 1"},
		{name: "builtin as custom", mutate: func(c *FeedbackConfig) { c.CustomTypes = []string{"rating"} }, wantErr: `custom_types[0]: "rating" is already a built-in type`},
		{name: "bad custom", mutate: func(c *FeedbackConfig) { c.CustomTypes = []string{"Nope!"} }, wantErr: "custom_types[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := defaultFeedbackConfig()
			tt.mutate(&c)
			err := c.Validate()
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestFeedbackConfigFromYAML(t *testing.T) {
	cm, err := confmaptest.LoadConf(filepath.Join("testdata", "feedback", "config.yaml"))
	require.NoError(t, err)

	sub, err := cm.Sub("genaianalytics/feedback")
	require.NoError(t, err)
	cfg := createDefaultConfig()
	require.NoError(t, sub.Unmarshal(cfg))
	require.NoError(t, confmap.Validate(cfg))
	assert.Equal(t, FeedbackConfig{FollowUpWindow: 45 * time.Second, MaxSessions: 500, DeriveFunnelStages: false,
		CustomTypes: []string{"copy", "regenerate"}}, cfg.Feedback)

	sub, err = cm.Sub("genaianalytics/bad_feedback")
	require.NoError(t, err)
	cfg = createDefaultConfig()
	require.NoError(t, sub.Unmarshal(cfg))
	err = confmap.Validate(cfg)
	assert.ErrorContains(t, err, "feedback: follow_up_window: must be >= 0, got -1s; max_sessions: must be >= 1, got 0")
}
