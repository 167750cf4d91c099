package genaianalyticsprocessor

import (
	"errors"
	"fmt"
	"strings"
)

// Config of the genaianalytics processor.
type Config struct {
	// DefaultTenant is used when none of TenantKeys is present: tenant_id is never empty.
	DefaultTenant string `mapstructure:"default_tenant"`
	// TenantKeys, UserKeys and SessionKeys are looked up in order on the span, then on the
	// resource (first non-empty wins).
	TenantKeys  []string `mapstructure:"tenant_keys"`
	UserKeys    []string `mapstructure:"user_keys"`
	SessionKeys []string `mapstructure:"session_keys"`
	// MaxTextLength caps the stored query and response, in characters (runes). 0 = no cap.
	MaxTextLength int `mapstructure:"max_text_length"`
}

func createDefaultConfig() *Config {
	return &Config{
		DefaultTenant: "default",
		TenantKeys:    []string{"tenant.id", "aianalytics.tenant.id"},
		UserKeys: []string{
			"user.id", "enduser.id", "langfuse.user.id",
			"traceloop.association.properties.user_id",
		},
		SessionKeys:   []string{"session.id", "gen_ai.conversation.id"},
		MaxTextLength: 8192,
	}
}

// Validate checks the configuration at start-up.
func (cfg *Config) Validate() error {
	var errs []error
	if strings.TrimSpace(cfg.DefaultTenant) == "" {
		errs = append(errs, errors.New("default_tenant: must not be empty"))
	}
	if cfg.MaxTextLength < 0 {
		errs = append(errs, fmt.Errorf("max_text_length: must be >= 0, got %d", cfg.MaxTextLength))
	}
	for name, keys := range map[string][]string{
		"tenant_keys": cfg.TenantKeys, "user_keys": cfg.UserKeys, "session_keys": cfg.SessionKeys,
	} {
		for i, k := range keys {
			if strings.TrimSpace(k) == "" {
				errs = append(errs, fmt.Errorf("%s[%d]: empty key", name, i))
			}
		}
	}
	return errors.Join(errs...)
}
