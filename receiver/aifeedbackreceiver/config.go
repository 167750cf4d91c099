package aifeedbackreceiver

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"go.opentelemetry.io/collector/config/confighttp"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
)

const (
	defaultEndpoint     = "localhost:4319"
	defaultMaxBodySize  = 1 << 20 // 1 MiB: thousands of feedback items, far below a DoS
	unknownFieldsReject = "reject"
	unknownFieldsIgnore = "ignore"
	// APIKeyHeader carries the API key when api_keys is configured.
	APIKeyHeader = "X-API-Key"
)

// Config of the aifeedback receiver.
type Config struct {
	// ServerConfig is the standard collector HTTP server: endpoint, tls, cors, auth,
	// max_request_body_size (default 1 MiB here; larger bodies get 413).
	confighttp.ServerConfig `mapstructure:",squash"`
	// CustomTypes are feedback types accepted besides the built-in ones.
	CustomTypes []string `mapstructure:"custom_types"`
	// FunnelStages is the ordered list of accepted funnel stages.
	FunnelStages []string `mapstructure:"funnel_stages"`
	// UnknownFields is "reject" (400 naming the field) or "ignore".
	UnknownFields string `mapstructure:"unknown_fields"`
	// APIKeys maps an API key (header X-API-Key) to the tenant it may write. When set, every
	// request needs a known key; a body naming another tenant is refused with 403.
	APIKeys map[string]string `mapstructure:"api_keys"`
	// DefaultTenant is used when neither the body nor an API key names a tenant.
	DefaultTenant string `mapstructure:"default_tenant"`
	// RetryAfter is sent with 503 when the pipeline refuses data.
	RetryAfter time.Duration `mapstructure:"retry_after"`
	// MaxItems caps the objects of one request (413 above it).
	MaxItems int `mapstructure:"max_items"`
}

func createDefaultConfig() *Config {
	server := confighttp.NewDefaultServerConfig()
	server.NetAddr.Endpoint = defaultEndpoint
	server.MaxRequestBodySize = defaultMaxBodySize
	return &Config{
		ServerConfig:  server,
		FunnelStages:  feedback.DefaultStages(),
		UnknownFields: unknownFieldsReject,
		DefaultTenant: "default",
		RetryAfter:    5 * time.Second,
		MaxItems:      1000,
	}
}

// Validate checks the configuration at start-up.
func (cfg *Config) Validate() error {
	var errs []error
	if strings.TrimSpace(cfg.NetAddr.Endpoint) == "" {
		errs = append(errs, errors.New("endpoint: must be set, e.g. localhost:4319"))
	}
	if cfg.MaxRequestBodySize < 0 {
		errs = append(errs, fmt.Errorf("max_request_body_size: must be >= 0, got %d", cfg.MaxRequestBodySize))
	}
	builtin := feedback.NewRules(nil, nil)
	for i, t := range cfg.CustomTypes {
		if err := feedback.ValidateName(t); err != nil {
			errs = append(errs, fmt.Errorf("custom_types[%d]: %w", i, err))
		} else if builtin.TypeAllowed(t) {
			errs = append(errs, fmt.Errorf("custom_types[%d]: %q is already a built-in type", i, t))
		}
	}
	if len(cfg.FunnelStages) == 0 {
		errs = append(errs, errors.New("funnel_stages: must list at least one stage"))
	}
	seen := map[string]bool{}
	for i, s := range cfg.FunnelStages {
		if err := feedback.ValidateName(s); err != nil {
			errs = append(errs, fmt.Errorf("funnel_stages[%d]: %w", i, err))
		} else if seen[s] {
			errs = append(errs, fmt.Errorf("funnel_stages[%d]: %q listed twice", i, s))
		}
		seen[s] = true
	}
	switch cfg.UnknownFields {
	case unknownFieldsReject, unknownFieldsIgnore:
	default:
		errs = append(errs, fmt.Errorf("unknown_fields: %q must be %q or %q", cfg.UnknownFields, unknownFieldsReject, unknownFieldsIgnore))
	}
	for key, tenant := range cfg.APIKeys {
		// Never echo the key itself: it is a secret.
		if len(key) < 16 {
			errs = append(errs, fmt.Errorf("api_keys: the key for tenant %q is shorter than 16 characters", tenant))
		}
		if strings.TrimSpace(tenant) == "" {
			errs = append(errs, errors.New("api_keys: a key maps to an empty tenant"))
		}
	}
	if strings.TrimSpace(cfg.DefaultTenant) == "" {
		errs = append(errs, errors.New("default_tenant: must not be empty"))
	}
	if cfg.RetryAfter < time.Second {
		errs = append(errs, fmt.Errorf("retry_after: must be at least 1s, got %s", cfg.RetryAfter))
	}
	if cfg.MaxItems < 1 {
		errs = append(errs, fmt.Errorf("max_items: must be >= 1, got %d", cfg.MaxItems))
	}
	return errors.Join(errs...)
}
