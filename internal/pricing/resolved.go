package pricing

import (
	"strings"
	"sync"
	"sync/atomic"
)

// maxResolvedModels bounds the memory of resolved table lookups. Real traffic names a few dozen
// models; when a flood of distinct names fills it, it starts over.
const maxResolvedModels = 1024

// modelKey is everything the override and built-in table lookups depend on.
type modelKey struct{ provider, response, request string }

// tablePrices is the outcome of the override and built-in lookups of one call's models (the
// pricing file is looked up per call: its prices depend on time and input tokens).
type tablePrices struct {
	override, builtin       Price
	hasOverride, hasBuiltin bool
}

// resolvedModels remembers tablePrices per modelKey: normalizing model names and searching
// prefixes cost more than pricing itself, and every span of a model repeats them. Safe for
// concurrent use (several receivers may feed one processor).
type resolvedModels struct {
	entries sync.Map // modelKey → tablePrices
	size    atomic.Int64
}

func (r *resolvedModels) get(k modelKey, resolve func() tablePrices) tablePrices {
	if v, ok := r.entries.Load(k); ok {
		return v.(tablePrices)
	}
	tp := resolve()
	if r.size.Load() >= maxResolvedModels {
		r.entries.Clear()
		r.size.Store(0)
	}
	// Clone: the names may point into a larger buffer of the batch they came from.
	k = modelKey{strings.Clone(k.provider), strings.Clone(k.response), strings.Clone(k.request)}
	if _, loaded := r.entries.LoadOrStore(k, tp); !loaded {
		r.size.Add(1)
	}
	return tp
}

// resolveTables runs the override and built-in lookups, response model first.
func (e *Engine) resolveTables(family string, models [2]string) tablePrices {
	var tp tablePrices
	for _, m := range models {
		if tp.override, tp.hasOverride = e.overrides.Lookup(family, m); tp.hasOverride {
			break
		}
	}
	for _, m := range models {
		if tp.builtin, tp.hasBuiltin = e.builtin.Lookup(family, m); tp.hasBuiltin {
			break
		}
	}
	return tp
}
