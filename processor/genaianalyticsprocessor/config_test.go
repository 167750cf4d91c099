package genaianalyticsprocessor

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/confmaptest"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/pricing"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/redact"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/processor/genaianalyticsprocessor/internal/metadata"
)

func loadConfig(t *testing.T, name string) (*Config, error) {
	t.Helper()
	cm, err := confmaptest.LoadConf(filepath.Join("testdata", "config.yaml"))
	require.NoError(t, err)
	sub, err := cm.Sub(component.NewIDWithName(metadata.Type, name).String())
	require.NoError(t, err)
	cfg := createDefaultConfig()
	require.NoError(t, sub.Unmarshal(cfg))
	return cfg, confmap.Validate(cfg)
}

func TestLoadConfig(t *testing.T) {
	def, err := loadConfig(t, "")
	require.NoError(t, err)
	assert.Equal(t, createDefaultConfig(), def)

	cfg, err := loadConfig(t, "custom")
	require.NoError(t, err)
	assert.Equal(t, "shared", cfg.DefaultTenant)
	assert.Equal(t, []string{"execute_tool"}, cfg.SkipOperations)
	assert.True(t, cfg.Identity.IncludeMetadata)
	assert.Equal(t, KeySource{Attributes: []string{"org.id"}, Metadata: []string{"X-Org-Id"}}, cfg.Identity.Tenant)
	assert.Equal(t, []string{"app.user"}, cfg.Identity.User.Attributes)
	assert.Equal(t, TextConfig{MaxLength: 100, DropContent: true}, cfg.Text)
	cr := 0.3
	assert.Equal(t, map[string]pricing.Price{"my-finetune": {InputMTok: 3, OutputMTok: 12, CacheReadMTok: &cr}}, cfg.Pricing.Overrides)
	assert.Equal(t, []string{"no idea"}, cfg.ZeroResult.Phrases)
	assert.False(t, cfg.ZeroResult.EmptyResponse)
	assert.False(t, cfg.ZeroResult.Retrieval.Enabled)
	assert.Equal(t, []CategoryRule{
		{Category: "billing", Keywords: []string{"invoice", "refund"}},
		{Category: "outage", Regexes: []string{`(?i)\bdown\b`}},
	}, cfg.Categories.Rules)
	assert.Equal(t, redact.ModeHash, cfg.Redaction.Emails)
	assert.Equal(t, redact.ModeMask, cfg.Redaction.Cards, "unset detectors keep their default")
	assert.Equal(t, ContentJoinConfig{Enabled: true, TTL: 10 * time.Second, MaxEntries: 100}, cfg.ContentJoin)
}

func TestConfigValidationErrors(t *testing.T) {
	for name, want := range map[string]string{
		"empty_tenant":   "default_tenant",
		"bad_regex":      "zero_result.regexes[0]",
		"bad_mode":       "redaction: emails",
		"bad_rule":       "categories.rules[0]: needs keywords or regexes",
		"negative_price": "pricing.overrides[m]",
		"missing_file":   "pricing.pricing_file",
		"bad_join":       "content_join",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := loadConfig(t, name)
			require.Error(t, err)
			assert.Contains(t, err.Error(), want)
		})
	}
}
