package loadgen

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// Identity attribute keys written on every GenAI span (the processor's default lookups).
const (
	KeyTenantID   = "tenant.id"
	KeyUserID     = "user.id"
	KeySessionID  = "session.id"
	KeyAppChannel = "app.channel"
	KeyCountry    = "geo.country.iso_code"
)

var (
	channelPick   = channels.picker()
	segmentPick   = segments.picker()
	countryPick   = countries.picker()
	errorTypePick = errorTypes.picker()
	// Non-Slack traffic goes mostly to the support assistant.
	servicePick = newPicker([]string{"0", "1", "2"}, []float64{60, 25, 15})
)

// Generator produces GenAI traces. It is not safe for concurrent use: give each goroutine
// its own Generator (with its own seed) or serialise calls.
type Generator struct {
	opts      Options
	rng       *rand.Rand
	models    []Model
	modelPick picker
	tenants   *rand.Zipf
	users     *rand.Zipf
	queries   *rand.Zipf
	gaps      *rand.Zipf
	hist      []historyPair
	systems   [][]byte
	extras    float64 // expected non-GenAI spans per GenAI span
	cursor    time.Time
	now       func() time.Time
	dialects  dialectChooser
}

// New validates opts, fills defaults and returns a Generator.
func New(opts Options) (*Generator, error) {
	opts = opts.withDefaults()
	if err := opts.validate(); err != nil {
		return nil, err
	}
	models := opts.Models
	if len(opts.Providers) > 0 {
		models = nil
		for _, m := range opts.Models {
			if slices.Contains(opts.Providers, m.Provider) {
				models = append(models, m)
			}
		}
	}
	if len(models) == 0 {
		return nil, fmt.Errorf("no model left for providers %v", opts.Providers)
	}
	names, weights := make([]string, len(models)), make([]float64, len(models))
	for i, m := range models {
		names[i], weights[i] = m.Request, m.Weight
		if m.Weight < 0 {
			return nil, errors.New("model weights must be >= 0")
		}
	}
	r := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x5851f42d4c957f2d))
	g := &Generator{
		opts:      opts,
		rng:       r,
		models:    models,
		modelPick: newPicker(names, weights),
		// s and v tuned so the top query is ~10 % of traffic and the tail stays long.
		tenants:  rand.NewZipf(r, 1.3, 1.5, uint64(opts.Tenants-1)),
		users:    rand.NewZipf(r, 1.2, 3, uint64(opts.UsersPerTenant-1)),
		queries:  rand.NewZipf(r, 1.1, 2, uint64(len(corpus)-1)),
		gaps:     rand.NewZipf(r, 1.2, 1, uint64(len(gapQueries)-1)),
		hist:     buildHistory(),
		extras:   opts.NonGenAISpanRatio / (1 - opts.NonGenAISpanRatio),
		cursor:   opts.BaseTime,
		now:      time.Now,
		dialects: newDialectChooser(opts.Seed, opts.Dialects),
	}
	for _, s := range services {
		g.systems = append(g.systems, textMessage("system", s.systemPrompt, ""))
	}
	return g, nil
}

// Options returns the effective options (defaults filled in).
func (g *Generator) Options() Options { return g.opts }

// NextBatch returns one OTLP request worth of spans (Options.SpansPerRequest).
func (g *Generator) NextBatch() ptrace.Traces { return g.Next(g.opts.SpansPerRequest) }

// Next returns exactly n spans (GenAI and, per NonGenAISpanRatio, plain ones), grouped by
// service resource and instrumentation scope like an SDK batch would be.
func (g *Generator) Next(n int) ptrace.Traces {
	b := newBatch()
	for left := n; left > 0; {
		left -= g.trace(b, left)
	}
	return b.td
}

// trace writes one user request (a GenAI call, optionally wrapped in an HTTP server span
// with retrieval/cache spans) using at most limit spans, and returns how many it wrote.
func (g *Generator) trace(b *batch, limit int) int {
	r := g.rng
	extra := int(g.extras)
	if r.Float64() < g.extras-float64(extra) {
		extra++
	}
	extra = min(extra, limit-1)

	call := g.call()
	tid := traceID(r)
	root := pcommon.SpanID{}
	if extra > 0 {
		root = spanID(r)
	}

	// Layout in offsets from the trace start: retrieval spans, then the LLM call, then the
	// response leaves the server.
	type child struct{ start, end time.Duration }
	var children []child
	at := time.Duration(0)
	if extra > 0 {
		at = jitter(r, time.Millisecond, 4*time.Millisecond)
	}
	for range max(extra-1, 0) {
		d := jitter(r, 2*time.Millisecond, 40*time.Millisecond)
		children = append(children, child{at, at + d})
		at += d + jitter(r, 200*time.Microsecond, 3*time.Millisecond)
	}
	callStart := at
	total := callStart + call.duration
	if extra > 0 {
		total += jitter(r, 3*time.Millisecond, 30*time.Millisecond)
	}

	start := g.traceStart(total)
	if extra > 0 {
		g.httpServerSpan(b, call, tid, root, start, start.Add(total))
	}
	for i, c := range children {
		g.childSpan(b, call, i, tid, root, start.Add(c.start), start.Add(c.end))
	}
	g.callIn(g.dialects.next(), b, call, tid, root, start.Add(callStart))
	return 1 + extra
}

// traceStart anchors a trace: ending now for live load, or on the BaseTime cursor for
// reproducible backfill.
func (g *Generator) traceStart(total time.Duration) time.Time {
	if g.opts.BaseTime.IsZero() {
		return g.now().Add(-total)
	}
	t := g.cursor
	g.cursor = g.cursor.Add(jitter(g.rng, g.opts.Interval/2, g.opts.Interval*3/2))
	return t
}

// jitter returns a uniform duration in [lo, hi).
func jitter(r *rand.Rand, lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return lo + time.Duration(r.Int64N(int64(hi-lo)))
}

func tenantName(t uint64) string {
	if t < uint64(len(tenantNames)) {
		return tenantNames[t]
	}
	return fmt.Sprintf("tenant-%04d", t)
}
