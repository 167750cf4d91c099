package analyticsapiextension

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"time"

	"go.opentelemetry.io/collector/config/confighttp"
	"go.opentelemetry.io/collector/config/configopaque"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/pricing"
)

// Config of the analyticsapi extension.
type Config struct {
	confighttp.ServerConfig `mapstructure:",squash"`

	// ClickHouse is where the analytics tables live (the exporter's database).
	ClickHouse ClickHouseConfig `mapstructure:"clickhouse"`
	// APIKeys bind keys to tenants. A request must send one (Authorization: Bearer <key> or
	// X-API-Key) and can read only its tenant. Without keys the API is open and every request
	// names its tenant: keep it on localhost then.
	APIKeys []APIKey `mapstructure:"api_keys"`
	// QueryTimeout bounds each request's ClickHouse work.
	QueryTimeout time.Duration `mapstructure:"query_timeout"`
	// MaxRange is the longest from/to range a request may ask for.
	MaxRange time.Duration `mapstructure:"max_range"`
	// FunnelStages is the default ordered funnel (a request may pass stages=).
	FunnelStages []string `mapstructure:"funnel_stages"`
	// PricingFile (genai-prices JSON) and PricingOverrides price cost recommendations, on top
	// of the built-in table — configure them like the genaianalytics processor's.
	PricingFile      string                   `mapstructure:"pricing_file"`
	PricingOverrides map[string]pricing.Price `mapstructure:"pricing_overrides"`
	// CostAlternatives names extra candidate models per model for "move traffic" advice
	// (models the tenant already uses with the same provider are always candidates).
	CostAlternatives map[string][]string `mapstructure:"cost_alternatives"`
}

// ClickHouseConfig is the read connection.
type ClickHouseConfig struct {
	Endpoint string              `mapstructure:"endpoint"`
	Database string              `mapstructure:"database"`
	Username string              `mapstructure:"username"`
	Password configopaque.String `mapstructure:"password"`
}

// APIKey binds one key to one tenant.
type APIKey struct {
	Key    configopaque.String `mapstructure:"key"`
	Tenant string              `mapstructure:"tenant"`
}

const (
	defaultEndpoint = "localhost:4320"
	defaultDatabase = "ai_analytics"
)

var identifierRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,127}$`)

func createDefaultConfig() *Config {
	srv := confighttp.NewDefaultServerConfig()
	srv.NetAddr.Endpoint = defaultEndpoint
	return &Config{
		ServerConfig: srv,
		ClickHouse:   ClickHouseConfig{Endpoint: "tcp://127.0.0.1:9000", Database: defaultDatabase},
		QueryTimeout: 30 * time.Second,
		MaxRange:     366 * 24 * time.Hour,
		FunnelStages: analytics.DefaultFunnelStages(),
	}
}

// Validate checks the configuration at start-up.
func (cfg *Config) Validate() error {
	var errs []error
	if cfg.NetAddr.Endpoint == "" {
		errs = append(errs, errors.New("endpoint: must be set, e.g. localhost:4320"))
	}
	ch := cfg.ClickHouse
	if u, err := url.Parse(ch.Endpoint); err != nil || u.Host == "" || (u.Scheme != "tcp" && u.Scheme != "clickhouse") {
		errs = append(errs, fmt.Errorf("clickhouse.endpoint: %q is not a native-protocol URL like tcp://host:9000", ch.Endpoint))
	}
	if !identifierRE.MatchString(ch.Database) {
		errs = append(errs, fmt.Errorf("clickhouse.database: %q is not a valid identifier ([A-Za-z_][A-Za-z0-9_]*)", ch.Database))
	}
	seen := map[string]bool{}
	for i, k := range cfg.APIKeys {
		switch {
		case len(k.Key) < 16:
			errs = append(errs, fmt.Errorf("api_keys[%d].key: must be at least 16 characters", i))
		case seen[string(k.Key)]:
			errs = append(errs, fmt.Errorf("api_keys[%d].key: duplicate key", i))
		}
		seen[string(k.Key)] = true
		if err := validTenant(k.Tenant); err != nil {
			errs = append(errs, fmt.Errorf("api_keys[%d].tenant: %w", i, err))
		}
	}
	if cfg.QueryTimeout <= 0 {
		errs = append(errs, fmt.Errorf("query_timeout: must be > 0, got %s", cfg.QueryTimeout))
	}
	if cfg.MaxRange < time.Hour {
		errs = append(errs, fmt.Errorf("max_range: must be at least 1h, got %s", cfg.MaxRange))
	}
	if err := validStages(cfg.FunnelStages); err != nil {
		errs = append(errs, fmt.Errorf("funnel_stages: %w", err))
	}
	for name, p := range cfg.PricingOverrides {
		if err := p.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("pricing_overrides.%s: %w", name, err))
		}
	}
	return errors.Join(errs...)
}
