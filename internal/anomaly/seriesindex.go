package anomaly

import "hash/maphash"

// seriesIndex finds a series by a 64-bit hash of its key: a map keyed by the three strings
// hashed and compared them in the runtime's generic (slow) path on both lookups of every
// call. Keys whose hashes collide are chained (series.sameHash) and told apart by comparing
// the strings.
type seriesIndex struct {
	byHash map[uint64]*series
	count  int
	seeds  [3]maphash.Seed // one per key part: ("a", "b", …) and ("b", "a", …) hash apart
	// tenantWide is the hash of the empty provider and model, the rest of a tenant-wide key.
	tenantWide uint64
	// mask is applied to every hash; tests narrow it to force collisions.
	mask uint64
}

func newSeriesIndex() seriesIndex {
	x := seriesIndex{byHash: make(map[uint64]*series), mask: ^uint64(0)}
	for i := range x.seeds {
		x.seeds[i] = maphash.MakeSeed()
	}
	x.tenantWide = maphash.String(x.seeds[1], "") ^ maphash.String(x.seeds[2], "")
	return x
}

// tenantHash is the part of a key's hash that comes from its tenant.
func (x *seriesIndex) tenantHash(tenant string) uint64 { return maphash.String(x.seeds[0], tenant) }

// modelHash completes a tenant's hash with the provider and model.
func (x *seriesIndex) modelHash(tenantHash uint64, provider, model string) uint64 {
	return tenantHash ^ maphash.String(x.seeds[1], provider) ^ maphash.String(x.seeds[2], model)
}

func (x *seriesIndex) keyHash(k seriesKey) uint64 {
	return x.modelHash(x.tenantHash(k.tenant), k.provider, k.model)
}

// find returns the series of k, whose hash is h, or nil.
func (x *seriesIndex) find(k seriesKey, h uint64) *series {
	for s := x.byHash[h&x.mask]; s != nil; s = s.sameHash {
		if s.key == k {
			return s
		}
	}
	return nil
}

// insert adds s, whose key is not held yet, under the hash h.
func (x *seriesIndex) insert(s *series, h uint64) {
	s.hash = h & x.mask
	s.sameHash = x.byHash[s.hash]
	x.byHash[s.hash] = s
	x.count++
}

// remove drops s from the index.
func (x *seriesIndex) remove(s *series) {
	first := x.byHash[s.hash]
	switch {
	case first == s && s.sameHash == nil:
		delete(x.byHash, s.hash)
	case first == s:
		x.byHash[s.hash] = s.sameHash
	default:
		p := first
		for p.sameHash != s {
			p = p.sameHash
		}
		p.sameHash = s.sameHash
	}
	s.sameHash = nil
	x.count--
}
