package pricing

import "strings"

// tableEntry is a priced model of one family.
type tableEntry struct {
	family string
	price  Price
}

// Table looks prices up by normalized model name: exact name first, then the longest known
// name that prefixes it at a '-' boundary when the rest does not start with a digit (so
// gpt-4o-mini-search matches gpt-4o-mini, but claude-sonnet-4-7 does not match claude-sonnet-4:
// a newer version is unknown, not the older one's price).
type Table struct {
	byModel map[string][]tableEntry
	// prefixes enables the snapshot and longest-prefix rules (built-in table only: an override
	// for gpt-4o must not silently price gpt-4o-mini).
	prefixes bool
}

// Builtin returns the built-in table (a fresh copy: tables are never shared mutable state).
func Builtin() *Table {
	t := &Table{byModel: make(map[string][]tableEntry, len(builtinPrices)), prefixes: true}
	for _, e := range builtinPrices {
		t.byModel[e.model] = append(t.byModel[e.model], tableEntry{family: e.family, price: e.price()})
	}
	return t
}

// NewTable builds a table from model name → price (the overrides): exact or normalized names only.
func NewTable(prices map[string]Price) *Table {
	t := &Table{byModel: make(map[string][]tableEntry, len(prices))}
	for name, p := range prices {
		n := Normalize(name)
		t.byModel[n] = append(t.byModel[n], tableEntry{price: p})
		if raw := strings.ToLower(strings.TrimSpace(name)); raw != n {
			t.byModel[raw] = append(t.byModel[raw], tableEntry{price: p})
		}
	}
	return t
}

// Lookup finds the price of model, preferring the entry of family when several providers sell a
// model under the same name.
func (t *Table) Lookup(family, model string) (Price, bool) {
	if t == nil || model == "" {
		return Price{}, false
	}
	if raw := strings.ToLower(strings.TrimSpace(model)); raw != "" {
		if es, ok := t.byModel[raw]; ok {
			return pick(es, family), true
		}
	}
	n := Normalize(model)
	if es, ok := t.byModel[n]; ok {
		return pick(es, family), true
	}
	if !t.prefixes {
		return Price{}, false
	}
	// A YYMM snapshot suffix (mistral-medium-2508) names a snapshot of the base model.
	if i := len(n) - 5; i > 0 && n[i] == '-' && allDigits(n[i+1:]) {
		if es, ok := t.byModel[n[:i]]; ok {
			return pick(es, family), true
		}
	}
	for cut := strings.LastIndexByte(n, '-'); cut > 0; cut = strings.LastIndexByte(n[:cut], '-') {
		if rest := n[cut+1:]; rest == "" || rest[0] >= '0' && rest[0] <= '9' {
			continue
		}
		if es, ok := t.byModel[n[:cut]]; ok && !startsWithDigitSegment(n[cut:]) {
			return pick(es, family), true
		}
	}
	return Price{}, false
}

// startsWithDigitSegment reports whether any '-' segment of rest is a bare version number, which
// would make the longer name a different model version.
func startsWithDigitSegment(rest string) bool {
	for _, seg := range strings.Split(strings.TrimPrefix(rest, "-"), "-") {
		if seg != "" && seg[0] >= '0' && seg[0] <= '9' {
			return true
		}
	}
	return false
}

func pick(es []tableEntry, family string) Price {
	for _, e := range es {
		if e.family == family {
			return e.price
		}
	}
	return es[0].price
}
