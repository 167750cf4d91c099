package anomaly

import (
	"errors"
	"fmt"
	"time"

	"go.opentelemetry.io/collector/component"
)

// Config of the detector (the processor's `anomaly:` section).
type Config struct {
	// Enabled turns detection on.
	Enabled bool `mapstructure:"enabled"`
	// Window is the size of the fixed, epoch-aligned aggregation windows.
	Window time.Duration `mapstructure:"window"`
	// GracePeriod is how long after its end a window waits for late calls before it closes.
	GracePeriod time.Duration `mapstructure:"grace_period"`
	// MaxClockSkew: calls stamped further than this in the future are not counted (a broken
	// clock must not close every window at once).
	MaxClockSkew time.Duration `mapstructure:"max_clock_skew"`
	// BaselineWindows is the EWMA span N (alpha = 2/(N+1)).
	BaselineWindows int `mapstructure:"baseline_windows"`
	// WarmupWindows: no alerts on a metric before its baseline has seen this many windows.
	WarmupWindows int `mapstructure:"warmup_windows"`
	// MinRequests is the minimum volume: of the baseline (spike, drop, cost) or of the window
	// (rates, latency) for a detector to judge it.
	MinRequests int `mapstructure:"min_requests"`
	// RecoveryWindows normal windows in a row resolve an alert.
	RecoveryWindows int `mapstructure:"recovery_windows"`
	// CooldownWindows: an anomaly of the same type this soon after a resolution reopens the
	// same alert instead of raising a new one.
	CooldownWindows int `mapstructure:"cooldown_windows"`
	// AdaptAfterWindows: while an alert is open the baseline is frozen, for at most this many
	// windows; after that a lasting shift becomes the new normal and the alert can resolve.
	AdaptAfterWindows int `mapstructure:"adapt_after_windows"`
	// MaxSeries bounds the state; the least recently seen series is evicted beyond it.
	MaxSeries int `mapstructure:"max_series"`
	// Storage names a storage extension (e.g. file_storage/anomaly) that keeps the baselines
	// and open alerts across restarts: saved every CheckpointInterval and at shutdown,
	// restored at start. Without it a restart warms up again.
	Storage *component.ID `mapstructure:"storage"`
	// CheckpointInterval: how often the state is saved while running (0: only at shutdown).
	CheckpointInterval time.Duration `mapstructure:"checkpoint_interval"`

	Spike      SpikeConfig      `mapstructure:"spike"`
	Drop       DropConfig       `mapstructure:"drop"`
	ErrorRate  ErrorRateConfig  `mapstructure:"error_rate"`
	Latency    LatencyConfig    `mapstructure:"latency"`
	Cost       CostConfig       `mapstructure:"cost"`
	ZeroResult ZeroResultConfig `mapstructure:"zero_result"`
}

// SpikeConfig: requests > mean + Sigma·σ and >= MinRatio × mean.
type SpikeConfig struct {
	Enabled  bool    `mapstructure:"enabled"`
	Sigma    float64 `mapstructure:"sigma"`
	MinRatio float64 `mapstructure:"min_ratio"`
}

// DropConfig: requests < mean − Sigma·σ and <= MaxRatio × mean; 0 requests always (outage).
type DropConfig struct {
	Enabled  bool    `mapstructure:"enabled"`
	Sigma    float64 `mapstructure:"sigma"`
	MaxRatio float64 `mapstructure:"max_ratio"`
}

// ErrorRateConfig: error rate > MinRate with at least MinErrors errors, and that many errors
// less likely under the baseline rate than a Sigma normal tail (exact binomial tail; one σ
// less for a rate of 2 × MinRate with MinErrors+3 errors).
type ErrorRateConfig struct {
	Enabled   bool    `mapstructure:"enabled"`
	MinRate   float64 `mapstructure:"min_rate"`
	Sigma     float64 `mapstructure:"sigma"`
	MinErrors int     `mapstructure:"min_errors"`
}

// LatencyConfig: mean or p95 latency > Ratio × baseline and > baseline + Sigma·σ.
type LatencyConfig struct {
	Enabled bool    `mapstructure:"enabled"`
	Ratio   float64 `mapstructure:"ratio"`
	Sigma   float64 `mapstructure:"sigma"`
}

// CostConfig: cost per window > mean + Sigma·σ and >= MinRatio × mean, and cost per request
// >= PerRequestRatio × its baseline (so a plain traffic spike is a spike, not a cost alert;
// 0 disables that guard).
type CostConfig struct {
	Enabled         bool    `mapstructure:"enabled"`
	Sigma           float64 `mapstructure:"sigma"`
	MinRatio        float64 `mapstructure:"min_ratio"`
	PerRequestRatio float64 `mapstructure:"per_request_ratio"`
}

// ZeroResultConfig: zero-result rate >= baseline + MinIncrease with at least MinCount zero
// results, and that many less likely under the baseline rate than a Sigma normal tail.
type ZeroResultConfig struct {
	Enabled     bool    `mapstructure:"enabled"`
	Sigma       float64 `mapstructure:"sigma"`
	MinIncrease float64 `mapstructure:"min_increase"`
	MinCount    int     `mapstructure:"min_count"`
}

// DefaultConfig returns the defaults (thresholds from the product brief: 3σ, 5 % errors, 2×
// latency).
func DefaultConfig() Config {
	return Config{
		Enabled:            true,
		Window:             time.Minute,
		GracePeriod:        10 * time.Second,
		MaxClockSkew:       5 * time.Minute,
		BaselineWindows:    30,
		WarmupWindows:      10,
		MinRequests:        20,
		RecoveryWindows:    2,
		CooldownWindows:    5,
		AdaptAfterWindows:  15,
		MaxSeries:          10000,
		CheckpointInterval: 5 * time.Minute,
		Spike:              SpikeConfig{Enabled: true, Sigma: 3, MinRatio: 2.5},
		Drop:               DropConfig{Enabled: true, Sigma: 4, MaxRatio: 0.3},
		ErrorRate:          ErrorRateConfig{Enabled: true, MinRate: 0.05, Sigma: 4.75, MinErrors: 5},
		Latency:            LatencyConfig{Enabled: true, Ratio: 2, Sigma: 3},
		Cost:               CostConfig{Enabled: true, Sigma: 3, MinRatio: 2, PerRequestRatio: 2},
		ZeroResult:         ZeroResultConfig{Enabled: true, Sigma: 4.75, MinIncrease: 0.1, MinCount: 5},
	}
}

// Validate checks the configuration (called for the nested section by confmap.Validate).
func (c *Config) Validate() error {
	if !c.Enabled {
		return nil
	}
	var errs []error
	if c.Window < 100*time.Millisecond {
		errs = append(errs, fmt.Errorf("anomaly.window: must be at least 100ms, got %s", c.Window))
	}
	if c.GracePeriod < 0 || c.GracePeriod >= c.Window*10 {
		errs = append(errs, fmt.Errorf("anomaly.grace_period: must be >= 0 and < 10 windows, got %s", c.GracePeriod))
	}
	if c.CheckpointInterval < 0 {
		errs = append(errs, fmt.Errorf("anomaly.checkpoint_interval: must be >= 0, got %s", c.CheckpointInterval))
	}
	if c.MaxClockSkew < 0 {
		errs = append(errs, fmt.Errorf("anomaly.max_clock_skew: must be >= 0, got %s", c.MaxClockSkew))
	}
	for name, v := range map[string]int{
		"baseline_windows": c.BaselineWindows, "recovery_windows": c.RecoveryWindows,
	} {
		if v < 1 {
			errs = append(errs, fmt.Errorf("anomaly.%s: must be >= 1, got %d", name, v))
		}
	}
	for name, v := range map[string]int{
		"warmup_windows": c.WarmupWindows, "min_requests": c.MinRequests, "cooldown_windows": c.CooldownWindows,
		"adapt_after_windows": c.AdaptAfterWindows, "error_rate.min_errors": c.ErrorRate.MinErrors,
		"zero_result.min_count": c.ZeroResult.MinCount,
	} {
		if v < 0 {
			errs = append(errs, fmt.Errorf("anomaly.%s: must be >= 0, got %d", name, v))
		}
	}
	for name, v := range map[string]float64{
		"spike.sigma": c.Spike.Sigma, "drop.sigma": c.Drop.Sigma, "error_rate.sigma": c.ErrorRate.Sigma,
		"latency.sigma": c.Latency.Sigma, "cost.sigma": c.Cost.Sigma, "zero_result.sigma": c.ZeroResult.Sigma,
		"cost.per_request_ratio": c.Cost.PerRequestRatio, "zero_result.min_increase": c.ZeroResult.MinIncrease,
	} {
		if v < 0 {
			errs = append(errs, fmt.Errorf("anomaly.%s: must be >= 0, got %g", name, v))
		}
	}
	if c.MaxSeries < 2 { // a call touches two series: its model's and its tenant's
		errs = append(errs, fmt.Errorf("anomaly.max_series: must be >= 2, got %d", c.MaxSeries))
	}
	if c.Spike.MinRatio < 1 {
		errs = append(errs, fmt.Errorf("anomaly.spike.min_ratio: must be >= 1, got %g", c.Spike.MinRatio))
	}
	if c.Cost.MinRatio < 1 {
		errs = append(errs, fmt.Errorf("anomaly.cost.min_ratio: must be >= 1, got %g", c.Cost.MinRatio))
	}
	if c.Latency.Ratio < 1 {
		errs = append(errs, fmt.Errorf("anomaly.latency.ratio: must be >= 1, got %g", c.Latency.Ratio))
	}
	if c.Drop.MaxRatio < 0 || c.Drop.MaxRatio >= 1 {
		errs = append(errs, fmt.Errorf("anomaly.drop.max_ratio: must be in [0, 1), got %g", c.Drop.MaxRatio))
	}
	if c.ErrorRate.MinRate < 0 || c.ErrorRate.MinRate >= 1 {
		errs = append(errs, fmt.Errorf("anomaly.error_rate.min_rate: must be in [0, 1), got %g", c.ErrorRate.MinRate))
	}
	return errors.Join(errs...)
}
