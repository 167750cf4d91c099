package pricing

import (
	"fmt"
	"math"
	"time"
)

// Cost sources, in priority order (the values of aianalytics.cost.source).
const (
	SourceProvided = "provided"
	SourceOverride = "override"
	SourceFile     = "file"
	SourceBuiltin  = "builtin"
	SourceUnknown  = "unknown"
)

// Engine prices a call: overrides, then the pricing file, then the built-in table. A cost
// provided on the span is handled by the caller (it wins over all of these).
type Engine struct {
	overrides *Table
	file      *File
	builtin   *Table
	resolved  resolvedModels
}

// NewEngine builds an engine. overrides are keyed by model name; file may be nil.
func NewEngine(overrides map[string]Price, file *File, useBuiltin bool) (*Engine, error) {
	for name, p := range overrides {
		if err := p.Validate(); err != nil {
			return nil, fmt.Errorf("override %q: %w", name, err)
		}
	}
	e := &Engine{file: file}
	if len(overrides) > 0 {
		e.overrides = NewTable(overrides)
	}
	if useBuiltin {
		e.builtin = Builtin()
	}
	return e, nil
}

// Call describes what is priced: the provider, the models (response model first: it names
// the exact snapshot), usage and the call time (for dated prices in a pricing file).
type Call struct {
	Provider      string
	ResponseModel string
	RequestModel  string
	Usage         Usage
	At            time.Time
}

// Cost returns the cost of a call and its source; ok is false when no price is known (the
// caller stores NULL and cost_source=unknown, never 0).
func (e *Engine) Cost(c Call) (cost float64, source string, ok bool) {
	models := [2]string{c.ResponseModel, c.RequestModel}
	tables := e.resolved.get(modelKey{c.Provider, c.ResponseModel, c.RequestModel}, func() tablePrices {
		return e.resolveTables(Family(c.Provider), models)
	})
	if tables.hasOverride {
		return finite(tables.override.Cost(c.Usage)), SourceOverride, true
	}
	for _, m := range models {
		if p, found := e.file.Lookup(c.Provider, m, c.At, c.Usage.Input); found {
			return finite(p.Cost(c.Usage)), SourceFile, true
		}
	}
	if tables.hasBuiltin {
		return finite(tables.builtin.Cost(c.Usage)), SourceBuiltin, true
	}
	return 0, SourceUnknown, false
}

func finite(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}
