package genaianalyticsprocessor

import "go.opentelemetry.io/collector/pdata/pcommon"

// indexAttrsWithIdentity is indexAttrs that also collects the identity candidates of m in the
// same pass, reusing each key's hash: a second pass over a GenAI span's attributes for its
// identity cost about as much as this one. The candidates hold for m as it is now, before any
// write.
func indexAttrsWithIdentity(m pcommon.Map, r *identityResolver, c *identityCandidates) spanAttrs {
	a := spanAttrs{m: m}
	m.Range(func(k string, v pcommon.Value) bool {
		h := keyHash(k)
		a.mayRepeat = a.mayRepeat || a.keys.mayHaveHash(h)
		a.keys.addHash(h)
		c.offer(r, k, h, v)
		return true
	})
	return a
}
