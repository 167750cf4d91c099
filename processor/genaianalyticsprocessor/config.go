package genaianalyticsprocessor

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/anomaly"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/pricing"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/redact"
)

// Config of the genaianalytics processor. Each concern has its own nested block.
type Config struct {
	// DefaultTenant is used when no tenant key is found anywhere: tenant_id is never empty.
	DefaultTenant string `mapstructure:"default_tenant"`
	// SkipOperations are gen_ai.operation.name values that are not model calls (no row).
	SkipOperations []string          `mapstructure:"skip_operations"`
	Identity       IdentityConfig    `mapstructure:"identity"`
	Text           TextConfig        `mapstructure:"text"`
	Pricing        PricingConfig     `mapstructure:"pricing"`
	ZeroResult     ZeroResultConfig  `mapstructure:"zero_result"`
	Categories     CategoriesConfig  `mapstructure:"categories"`
	Redaction      redact.Config     `mapstructure:"redaction"`
	ContentJoin    ContentJoinConfig `mapstructure:"content_join"`
	// Feedback: evaluation/feedback log normalization, implicit follow-ups, funnel stages.
	Feedback FeedbackConfig `mapstructure:"feedback"`
	// Anomaly: streaming anomaly detection, span flags and alerts (anomaly.go).
	Anomaly anomaly.Config `mapstructure:"anomaly"`
	// Routing, when set, makes this instance a first-tier tenant router only (routing.go).
	Routing RoutingConfig `mapstructure:"routing"`
}

// KeySource is where one identity field is looked up: attributes on the span, then on the
// resource, then client metadata (request headers) when identity.include_metadata is on.
type KeySource struct {
	Attributes []string `mapstructure:"attributes"`
	Metadata   []string `mapstructure:"metadata"`
}

// IdentityConfig lists the keys of each identity and context field, in priority order.
type IdentityConfig struct {
	// IncludeMetadata reads client metadata (needs include_metadata: true on the receiver).
	IncludeMetadata bool      `mapstructure:"include_metadata"`
	Tenant          KeySource `mapstructure:"tenant"`
	User            KeySource `mapstructure:"user"`
	Session         KeySource `mapstructure:"session"`
	UserSource      KeySource `mapstructure:"user_source"`
	FeatureVersion  KeySource `mapstructure:"feature_version"`
	UserSegment     KeySource `mapstructure:"user_segment"`
	Geography       KeySource `mapstructure:"geography"`
}

// TextConfig controls the stored query and response.
type TextConfig struct {
	// MaxLength caps query and response, in characters (runes); 0 = no cap.
	MaxLength int `mapstructure:"max_length"`
	// DropContent removes message content attributes and events from the span once the
	// analytics fields are taken (the redacted query and response stay under aianalytics.*).
	DropContent bool `mapstructure:"drop_content"`
}

// PricingConfig configures cost.
type PricingConfig struct {
	// Overrides price models by name (exact or normalized), before the file and built-ins.
	Overrides map[string]pricing.Price `mapstructure:"overrides"`
	// File is a price list in the genai-prices JSON format.
	File string `mapstructure:"pricing_file"`
	// DisableBuiltin turns the built-in table off (only overrides and the file price).
	DisableBuiltin bool `mapstructure:"disable_builtin"`
}

// ZeroResultConfig configures zero-result detection.
type ZeroResultConfig struct {
	Phrases       []string `mapstructure:"phrases"`
	Regexes       []string `mapstructure:"regexes"`
	EmptyResponse bool     `mapstructure:"empty_response"`
	FinishReasons []string `mapstructure:"finish_reasons"`
	// Retrieval flags a call whose trace holds a retrieval span that returned no documents.
	Retrieval RetrievalConfig `mapstructure:"retrieval"`
}

// RetrievalConfig bounds the per-trace memory of empty retrievals.
type RetrievalConfig struct {
	Enabled   bool          `mapstructure:"enabled"`
	MaxTraces int           `mapstructure:"max_traces"`
	TTL       time.Duration `mapstructure:"ttl"`
	// CountKeys hold a retrieval span's number of returned documents.
	CountKeys []string `mapstructure:"count_keys"`
}

// CategoriesConfig configures query categories.
type CategoriesConfig struct {
	// ProvidedKeys: a category already on the span (first key present) wins over the rules.
	ProvidedKeys []string       `mapstructure:"provided_keys"`
	Rules        []CategoryRule `mapstructure:"rules"`
	// Default is the category when no rule matches ("" = none).
	Default string `mapstructure:"default"`
}

// CategoryRule maps keywords (whole words) or regexes to a category.
type CategoryRule struct {
	Category string   `mapstructure:"category"`
	Keywords []string `mapstructure:"keywords"`
	Regexes  []string `mapstructure:"regexes"`
}

// ContentJoinConfig bounds the join of spans with content that arrives as log records.
type ContentJoinConfig struct {
	Enabled bool `mapstructure:"enabled"`
	// TTL is how long content waits for its span, and a span for its content.
	TTL time.Duration `mapstructure:"ttl"`
	// MaxEntries bounds each of the two memories; the oldest entry is evicted (and counted).
	MaxEntries int `mapstructure:"max_entries"`
}

func createDefaultConfig() *Config {
	return &Config{
		DefaultTenant:  "default",
		SkipOperations: []string{"execute_tool", "create_agent", "retrieval"},
		Identity: IdentityConfig{
			Tenant: KeySource{
				Attributes: []string{"tenant.id", "aianalytics.tenant.id", "traceloop.association.properties.tenant_id", "ai.telemetry.metadata.tenantId"},
				Metadata:   []string{"X-Tenant-Id"},
			},
			User: KeySource{
				Attributes: []string{"user.id", "enduser.id", "langfuse.user.id", "traceloop.association.properties.user_id",
					"ai.telemetry.metadata.userId", "aianalytics.user.id"},
				Metadata: []string{"X-User-Id"},
			},
			Session: KeySource{
				Attributes: []string{"session.id", "gen_ai.conversation.id", "langfuse.session.id",
					"traceloop.association.properties.session_id", "ai.telemetry.metadata.sessionId", "aianalytics.session.id"},
				Metadata: []string{"X-Session-Id"},
			},
			UserSource:     KeySource{Attributes: []string{"aianalytics.user.source", "app.channel", "ai.telemetry.metadata.userSource"}},
			FeatureVersion: KeySource{Attributes: []string{"aianalytics.feature.version", "service.version"}},
			UserSegment:    KeySource{Attributes: []string{"aianalytics.user.segment", "user.segment", "ai.telemetry.metadata.userSegment"}},
			Geography:      KeySource{Attributes: []string{"geo.country.iso_code", "client.geo.country_iso_code", "aianalytics.geo.country"}},
		},
		Text: TextConfig{MaxLength: 8192},
		ZeroResult: ZeroResultConfig{
			Phrases:       append([]string(nil), defaultZeroResultPhrases...),
			EmptyResponse: true,
			FinishReasons: []string{defaultContentFilterFin},
			Retrieval: RetrievalConfig{
				Enabled: true, MaxTraces: 10000, TTL: 2 * time.Minute,
				CountKeys: []string{"aianalytics.retrieval.documents", "gen_ai.retrieval.documents.count", "retrieval.documents.count"},
			},
		},
		Categories: CategoriesConfig{
			ProvidedKeys: []string{"aianalytics.query.category", "query.category"},
			Rules: []CategoryRule{
				{Category: "pricing", Keywords: []string{"price", "cost", "plans", "subscription"}},
				{Category: "troubleshooting", Keywords: []string{"problem", "error", "broken", "not working"}},
				{Category: "features", Keywords: []string{"feature", "capability", "can", "support"}},
			},
			Default: "other",
		},
		Redaction:   redact.DefaultConfig(),
		ContentJoin: ContentJoinConfig{Enabled: true, TTL: 30 * time.Second, MaxEntries: 50000},
		Feedback:    defaultFeedbackConfig(),
		Anomaly:     anomaly.DefaultConfig(),
	}
}

// Validate checks the configuration at start-up.
func (cfg *Config) Validate() error {
	var errs []error
	if strings.TrimSpace(cfg.DefaultTenant) == "" {
		errs = append(errs, errors.New("default_tenant: must not be empty"))
	}
	errs = append(errs, cfg.Routing.validate()...)
	if cfg.Text.MaxLength < 0 {
		errs = append(errs, fmt.Errorf("text.max_length: must be >= 0, got %d", cfg.Text.MaxLength))
	}
	for name, src := range map[string]KeySource{
		"tenant": cfg.Identity.Tenant, "user": cfg.Identity.User, "session": cfg.Identity.Session,
		"user_source": cfg.Identity.UserSource, "feature_version": cfg.Identity.FeatureVersion,
		"user_segment": cfg.Identity.UserSegment, "geography": cfg.Identity.Geography,
	} {
		for i, k := range append(append([]string(nil), src.Attributes...), src.Metadata...) {
			if strings.TrimSpace(k) == "" {
				errs = append(errs, fmt.Errorf("identity.%s: key %d is empty", name, i))
			}
		}
	}
	for name, p := range cfg.Pricing.Overrides {
		if err := p.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("pricing.overrides[%s]: %w", name, err))
		}
	}
	if cfg.Pricing.File != "" {
		if _, err := pricing.LoadFile(cfg.Pricing.File); err != nil {
			errs = append(errs, fmt.Errorf("pricing.pricing_file: %w", err))
		}
	}
	if _, err := newZeroResultDetector(cfg.ZeroResult); err != nil {
		errs = append(errs, err)
	}
	if r := cfg.ZeroResult.Retrieval; r.Enabled && (r.MaxTraces <= 0 || r.TTL <= 0) {
		errs = append(errs, errors.New("zero_result.retrieval: max_traces and ttl must be > 0 when enabled"))
	}
	for i, r := range cfg.Categories.Rules {
		if strings.TrimSpace(r.Category) == "" {
			errs = append(errs, fmt.Errorf("categories.rules[%d]: category must not be empty", i))
		}
		if len(r.Keywords) == 0 && len(r.Regexes) == 0 {
			errs = append(errs, fmt.Errorf("categories.rules[%d]: needs keywords or regexes", i))
		}
	}
	if _, err := newCategorizer(cfg.Categories); err != nil {
		errs = append(errs, err)
	}
	if err := cfg.Redaction.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("redaction: %w", err))
	}
	if j := cfg.ContentJoin; j.Enabled && (j.TTL <= 0 || j.MaxEntries <= 0) {
		errs = append(errs, errors.New("content_join: ttl and max_entries must be > 0 when enabled"))
	}
	return errors.Join(errs...)
}
