// Command genaiload sends realistic GenAI chat spans (see internal/loadgen) to an OTLP
// endpoint over gRPC or HTTP and reports how many the collector accepted. It never retries:
// a refusal by the collector is exactly what a benchmark or demo needs to see.
//
//	genaiload -protocol grpc -endpoint localhost:4317 -spans 10000 -rate 2000
//	genaiload -protocol http -endpoint http://localhost:4318 -duration 30s -v
//	genaiload -dry-run -batch 1 > example.json
//
// It prints one summary line on stdout (rate = accepted spans per second) and exits 1 when
// any request failed or any span was refused, unless -allow-failures is set.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/loadgen"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// After the first signal restore the default handling, so a second Ctrl-C kills at once
	// instead of waiting for in-flight requests.
	go func() { <-ctx.Done(); stop() }()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

type config struct {
	endpoint      string
	protocol      string
	httpJSON      bool
	compression   string
	headers       headerFlag
	spans         int64
	duration      time.Duration
	rate          float64
	batch         int
	concurrency   int
	timeout       time.Duration
	backfill      time.Duration
	allowFailures bool
	verbose       bool
	reportEvery   time.Duration
	dryRun        bool
	gen           loadgen.Options
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	d := loadgen.DefaultOptions()
	c := &config{}
	var providers, dialects string
	fs := flag.NewFlagSet("genaiload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.endpoint, "endpoint", "", "OTLP endpoint (default localhost:4317 for grpc, http://localhost:4318 for http; /v1/traces is appended to a bare HTTP URL)")
	fs.StringVar(&c.protocol, "protocol", "grpc", "grpc or http")
	fs.BoolVar(&c.httpJSON, "http-json", false, "with -protocol http, send OTLP JSON instead of protobuf")
	fs.StringVar(&c.compression, "compression", "none", "none or gzip")
	fs.Var(&c.headers, "header", "extra request header / gRPC metadata key=value (repeatable)")
	fs.Int64Var(&c.spans, "spans", 1000, "total spans to send (with -duration: upper bound, only if set explicitly)")
	fs.DurationVar(&c.duration, "duration", 0, "send for this long instead of a fixed -spans count")
	fs.Float64Var(&c.rate, "rate", 0, "target spans per second (0 = as fast as possible)")
	fs.IntVar(&c.batch, "batch", 100, "spans per OTLP request")
	fs.IntVar(&c.concurrency, "concurrency", 4, "requests in flight")
	fs.DurationVar(&c.timeout, "timeout", 10*time.Second, "per-request timeout")
	fs.DurationVar(&c.backfill, "backfill", 0, "spread span timestamps over the last DURATION instead of now (needs -spans)")
	fs.BoolVar(&c.allowFailures, "allow-failures", false, "exit 0 even if requests failed or spans were refused")
	fs.BoolVar(&c.verbose, "v", false, "print progress to stderr periodically")
	fs.DurationVar(&c.reportEvery, "report-every", 2*time.Second, "progress interval with -v")
	fs.BoolVar(&c.dryRun, "dry-run", false, "print one request (-batch spans) as OTLP JSON to stdout and exit")
	fs.Uint64Var(&c.gen.Seed, "seed", d.Seed, "random seed: same seed, same spans (ids and content)")
	fs.IntVar(&c.gen.Tenants, "tenants", d.Tenants, "number of tenants")
	fs.IntVar(&c.gen.UsersPerTenant, "users", d.UsersPerTenant, "users per tenant")
	fs.IntVar(&c.gen.SessionsPerUser, "sessions", d.SessionsPerUser, "sessions per user")
	fs.Float64Var(&c.gen.ErrorRate, "error-rate", d.ErrorRate, "fraction of LLM calls that fail")
	fs.Float64Var(&c.gen.ZeroResultRate, "zero-result-rate", d.ZeroResultRate, "fraction of successful calls answered \"I don't know\"")
	fs.IntVar(&c.gen.MessageBytes, "message-bytes", d.MessageBytes, "approximate input+output message JSON per span (negative: no history)")
	fs.Float64Var(&c.gen.NonGenAISpanRatio, "non-genai-ratio", 0, "fraction of spans that are plain HTTP/DB spans in the same traces")
	fs.StringVar(&providers, "providers", "", "comma-separated gen_ai.provider.name values to keep (default: all)")
	fs.StringVar(&dialects, "dialects", "semconv", "mix of instrumentation dialects as name=weight,… of semconv, openllmetry, openinference, vercel_ai (e.g. semconv=70,openllmetry=10,openinference=10,vercel_ai=10)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	spansSet := false
	fs.Visit(func(f *flag.Flag) { spansSet = spansSet || f.Name == "spans" })
	if c.duration > 0 && !spansSet {
		c.spans = 0 // 0 = unlimited: the duration decides
	}
	if providers != "" {
		c.gen.Providers = strings.Split(providers, ",")
	}
	mix, err := loadgen.ParseDialects(dialects)
	if err != nil {
		return nil, fmt.Errorf("-dialects: %w", err)
	}
	c.gen.Dialects = mix
	c.gen.SpansPerRequest = c.batch
	return c, c.validate()
}

func (c *config) validate() error {
	var errs []error
	switch c.protocol {
	case "grpc":
		if c.endpoint == "" {
			c.endpoint = "localhost:4317"
		}
		if c.httpJSON {
			errs = append(errs, errors.New("-http-json needs -protocol http"))
		}
	case "http":
		if c.endpoint == "" {
			c.endpoint = "http://localhost:4318"
		}
	default:
		errs = append(errs, fmt.Errorf("-protocol must be grpc or http, got %q", c.protocol))
	}
	if c.compression != "none" && c.compression != "gzip" {
		errs = append(errs, fmt.Errorf("-compression must be none or gzip, got %q", c.compression))
	}
	if c.batch <= 0 || c.concurrency <= 0 {
		errs = append(errs, errors.New("-batch and -concurrency must be > 0"))
	}
	if c.spans < 0 || c.rate < 0 || c.duration < 0 || c.backfill < 0 || c.timeout <= 0 {
		errs = append(errs, errors.New("-spans, -rate, -duration and -backfill must be >= 0, -timeout > 0"))
	}
	if c.spans == 0 && c.duration == 0 && !c.dryRun {
		errs = append(errs, errors.New("-spans 0 needs -duration"))
	}
	if c.backfill > 0 {
		if c.spans == 0 {
			errs = append(errs, errors.New("-backfill needs a -spans count to spread over the window"))
		} else {
			// One trace per GenAI span; the window is divided evenly between traces.
			traces := max(1, float64(c.spans)*(1-c.gen.NonGenAISpanRatio))
			c.gen.BaseTime = time.Now().Add(-c.backfill)
			c.gen.Interval = max(time.Duration(float64(c.backfill)/traces), time.Microsecond)
		}
	}
	return errors.Join(errs...)
}

// headerFlag collects repeated -header key=value flags.
type headerFlag map[string]string

func (h *headerFlag) String() string { return fmt.Sprint(map[string]string(*h)) }

func (h *headerFlag) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(k) == "" {
		return fmt.Errorf("want key=value, got %q", v)
	}
	if *h == nil {
		*h = headerFlag{}
	}
	(*h)[strings.TrimSpace(k)] = val
	return nil
}
