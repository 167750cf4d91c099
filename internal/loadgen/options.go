package loadgen

import (
	"errors"
	"fmt"
	"time"
)

// Options control what the Generator produces. Zero-valued counts and sizes fall back to the
// defaults of DefaultOptions; rates are used as given (0 is a legitimate rate).
type Options struct {
	// Seed makes the output reproducible.
	Seed uint64
	// Tenants, UsersPerTenant and SessionsPerUser size the identity space. Tenants and users
	// are drawn Zipf-like (a few big tenants and power users), sessions uniformly.
	Tenants         int
	UsersPerTenant  int
	SessionsPerUser int
	// MessageBytes is the approximate combined size of gen_ai.input.messages and
	// gen_ai.output.messages; multi-turn history is added until it is reached. A negative
	// value disables history (system prompt, one question, one answer).
	MessageBytes int
	// ErrorRate is the fraction of GenAI calls that fail (status ERROR, error.type, no output).
	ErrorRate float64
	// ZeroResultRate is the fraction of successful calls answered with "I don't know…".
	ZeroResultRate float64
	// Models is the provider/model mix; nil means DefaultModels(). Providers, when set,
	// keeps only the models of those providers (gen_ai.provider.name values).
	Models    []Model
	Providers []string
	// SpansPerRequest is the batch size returned by NextBatch (one OTLP request).
	SpansPerRequest int
	// NonGenAISpanRatio is the fraction of all spans that are plain HTTP/database spans in
	// the same traces; the pipeline must pass them through untouched. Must be < 0.95.
	NonGenAISpanRatio float64
	// BaseTime, when set, places traces at BaseTime, BaseTime+Interval, … (backfill,
	// reproducible timestamps). When zero, each trace ends "now".
	BaseTime time.Time
	// Interval is the average gap between traces when BaseTime is set.
	Interval time.Duration
	// Dialects is the mix of attribute conventions of the GenAI spans (ParseDialects reads it
	// from text); nil means semconv only. The mix changes only how a call is written: the same
	// seed yields the same calls in any mix.
	Dialects []DialectShare
}

// DefaultOptions returns a small but varied configuration: ~2 KB of messages per span,
// 2 % errors, 8 % zero-result answers.
func DefaultOptions() Options {
	return Options{
		Seed:              1,
		Tenants:           8,
		UsersPerTenant:    50,
		SessionsPerUser:   4,
		MessageBytes:      2048,
		ErrorRate:         0.02,
		ZeroResultRate:    0.08,
		SpansPerRequest:   100,
		NonGenAISpanRatio: 0,
		Interval:          time.Second,
	}
}

// withDefaults fills zero-valued sizes; it never touches rates.
func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.Tenants == 0 {
		o.Tenants = d.Tenants
	}
	if o.UsersPerTenant == 0 {
		o.UsersPerTenant = d.UsersPerTenant
	}
	if o.SessionsPerUser == 0 {
		o.SessionsPerUser = d.SessionsPerUser
	}
	if o.MessageBytes == 0 {
		o.MessageBytes = d.MessageBytes
	}
	if o.SpansPerRequest == 0 {
		o.SpansPerRequest = d.SpansPerRequest
	}
	if o.Interval == 0 {
		o.Interval = d.Interval
	}
	if o.Models == nil {
		o.Models = DefaultModels()
	}
	return o
}

func (o Options) validate() error {
	var errs []error
	if o.Tenants < 0 || o.UsersPerTenant < 0 || o.SessionsPerUser < 0 {
		errs = append(errs, errors.New("tenants, users per tenant and sessions per user must be >= 0"))
	}
	if o.SpansPerRequest < 0 {
		errs = append(errs, fmt.Errorf("spans per request must be >= 0, got %d", o.SpansPerRequest))
	}
	for name, r := range map[string]float64{"error rate": o.ErrorRate, "zero-result rate": o.ZeroResultRate} {
		if r < 0 || r > 1 {
			errs = append(errs, fmt.Errorf("%s must be in [0,1], got %g", name, r))
		}
	}
	if o.NonGenAISpanRatio < 0 || o.NonGenAISpanRatio >= 0.95 {
		errs = append(errs, fmt.Errorf("non-GenAI span ratio must be in [0,0.95), got %g", o.NonGenAISpanRatio))
	}
	if o.Interval < 0 {
		errs = append(errs, errors.New("interval must be >= 0"))
	}
	if err := validateDialects(o.Dialects); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
