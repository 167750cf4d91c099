package loadgen

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Dialect is the attribute convention a generated GenAI span follows. The names are the
// genaianalytics processor's aianalytics.dialect values.
type Dialect string

const (
	// DialectSemconv: OpenTelemetry GenAI semantic conventions 1.37+ (gen_ai.input.messages …).
	DialectSemconv Dialect = "semconv"
	// DialectOpenLLMetry: Traceloop OpenLLMetry (gen_ai.system, gen_ai.prompt.N.*, llm.*).
	DialectOpenLLMetry Dialect = "openllmetry"
	// DialectOpenInference: Arize OpenInference (openinference.span.kind LLM, llm.*, input.value).
	DialectOpenInference Dialect = "openinference"
	// DialectVercelAI: the Vercel AI SDK's ai.generateText.doGenerate span (ai.*). Its outer
	// ai.generateText span carries no model call and is not generated.
	DialectVercelAI Dialect = "vercel_ai"
)

// AllDialects lists the dialects the generator writes.
func AllDialects() []Dialect {
	return []Dialect{DialectSemconv, DialectOpenLLMetry, DialectOpenInference, DialectVercelAI}
}

// DialectShare is one dialect's weight in Options.Dialects.
type DialectShare struct {
	Dialect Dialect
	Weight  float64
}

// ParseDialects reads a mix such as "semconv=70,openllmetry=10,openinference=10,vercel_ai=10"
// (weights are relative; a bare name weighs 1).
func ParseDialects(s string) ([]DialectShare, error) {
	var out []DialectShare
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		name, weight, hasWeight := strings.Cut(item, "=")
		share := DialectShare{Dialect: Dialect(strings.TrimSpace(name)), Weight: 1}
		if hasWeight {
			w, err := strconv.ParseFloat(strings.TrimSpace(weight), 64)
			if err != nil {
				return nil, fmt.Errorf("dialect %q: weight %q is not a number", name, weight)
			}
			share.Weight = w
		}
		out = append(out, share)
	}
	if len(out) == 0 {
		return nil, errors.New("no dialect given")
	}
	return out, validateDialects(out)
}

func validateDialects(mix []DialectShare) error {
	var errs []error
	seen := map[Dialect]bool{}
	total := 0.0
	for _, d := range mix {
		if !isDialect(d.Dialect) {
			errs = append(errs, fmt.Errorf("unknown dialect %q (known: %v)", d.Dialect, AllDialects()))
		}
		if seen[d.Dialect] {
			errs = append(errs, fmt.Errorf("dialect %q listed twice", d.Dialect))
		}
		seen[d.Dialect] = true
		if d.Weight < 0 {
			errs = append(errs, fmt.Errorf("dialect %q: weight must be >= 0, got %g", d.Dialect, d.Weight))
		}
		total += d.Weight
	}
	if len(mix) > 0 && total <= 0 {
		errs = append(errs, errors.New("dialect weights must not all be 0"))
	}
	return errors.Join(errs...)
}

func isDialect(d Dialect) bool {
	for _, known := range AllDialects() {
		if d == known {
			return true
		}
	}
	return false
}

// dialectChooser draws each call's dialect from a random stream of its own, so that a mix
// changes only the attribute names: identities, models, texts, ids and timings stay those of
// the same seed in plain semconv (tests compare the two span for span).
type dialectChooser struct {
	only  Dialect // set when the mix has one dialect: no draw
	rng   *rand.Rand
	items []Dialect
	pick  picker
}

func newDialectChooser(seed uint64, mix []DialectShare) dialectChooser {
	if len(mix) == 0 {
		return dialectChooser{only: DialectSemconv}
	}
	if len(mix) == 1 {
		return dialectChooser{only: mix[0].Dialect}
	}
	names, weights := make([]string, len(mix)), make([]float64, len(mix))
	items := make([]Dialect, len(mix))
	for i, d := range mix {
		names[i], weights[i], items[i] = string(d.Dialect), d.Weight, d.Dialect
	}
	return dialectChooser{
		rng:   rand.New(rand.NewPCG(seed^0x6a09e667f3bcc908, seed^0xbb67ae8584caa73b)),
		items: items,
		pick:  newPicker(names, weights),
	}
}

func (c *dialectChooser) next() Dialect {
	if c.rng == nil {
		return c.only
	}
	return c.items[c.pick.index(c.rng)]
}
