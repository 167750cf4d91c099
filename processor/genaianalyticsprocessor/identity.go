package genaianalyticsprocessor

import (
	"context"

	"go.opentelemetry.io/collector/client"
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// identityField is one identity/context field with its sources and canonical key.
type identityField struct {
	key string
	src KeySource
}

// identityFields lists the fields; index 0 is the tenant.
func identityFields(cfg IdentityConfig) []identityField {
	return []identityField{
		{genai.KeyTenantID, cfg.Tenant},
		{genai.KeyUserID, cfg.User},
		{genai.KeySessionID, cfg.Session},
		{genai.KeyUserSource, cfg.UserSource},
		{genai.KeyFeatureVersion, cfg.FeatureVersion},
		{genai.KeyUserSegment, cfg.UserSegment},
		{genai.KeyGeography, cfg.Geography},
	}
}

// maxIdentityFields bounds the fixed-size arrays of one lookup.
const maxIdentityFields = 7

// identitySlot says which field an attribute key feeds and at which priority (lower wins).
type identitySlot struct{ field, prio int }

// identityResolver finds every identity field in one pass over the span's attributes and one
// over the resource's, instead of one linear Get per configured key.
type identityResolver struct {
	fields []identityField
	// written are the fields' canonical keys, hashed (applyIdentity writes them on every call).
	written hashedKeys
	slots   identityKeys
	// keys filters out most attributes that are no identity key before the table lookup.
	keys keyFilter
}

func newIdentityResolver(cfg IdentityConfig) *identityResolver {
	r := &identityResolver{fields: identityFields(cfg)}
	r.slots = newIdentityKeys(r.fields)
	for _, field := range r.fields {
		r.written = append(r.written, newHashedKey(field.key))
		for _, k := range field.src.Attributes {
			r.keys.add(k)
		}
	}
	return r
}

// resolveWith returns the value of each field: the highest-priority key present on the span,
// else on the resource, else in client metadata. The resource's candidates are the same for
// every span of a resource, so the traces path finds them once per batch.
func (r *identityResolver) resolveWith(span pcommon.Map, onResource *[maxIdentityFields]string, md *requestMetadata) [maxIdentityFields]string {
	return r.resolveFrom(r.candidates(span), onResource, md)
}

// resolveFrom is resolveWith given the span's candidates.
func (r *identityResolver) resolveFrom(out [maxIdentityFields]string, onResource *[maxIdentityFields]string, md *requestMetadata) [maxIdentityFields]string {
	for f := range r.fields {
		if out[f] == "" {
			out[f] = onResource[f]
		}
	}
	for f, field := range r.fields {
		if out[f] == "" {
			out[f] = md.get(field.src.Metadata)
		}
	}
	return out
}

// candidates returns, per field, the value of the highest-priority key of m that has one.
func (r *identityResolver) candidates(m pcommon.Map) [maxIdentityFields]string {
	var c identityCandidates
	m.Range(func(k string, v pcommon.Value) bool {
		c.offer(r, k, keyHash(k), v)
		return true
	})
	return c.val
}

// identityCandidates collects, per field, the value of the highest-priority key seen so far.
type identityCandidates struct {
	val  [maxIdentityFields]string
	prio [maxIdentityFields]int
}

// offer considers the attribute k (h is keyHash(k)) with value v.
func (c *identityCandidates) offer(r *identityResolver, k string, h uint64, v pcommon.Value) {
	if !r.keys.mayHaveHash(h) {
		return
	}
	slots, ok := r.slots.slotsOf(k, h)
	if !ok || v.Type() == pcommon.ValueTypeEmpty {
		return
	}
	for _, s := range slots {
		if c.val[s.field] != "" && c.prio[s.field] <= s.prio {
			continue
		}
		if str := v.AsString(); str != "" {
			c.val[s.field], c.prio[s.field] = str, s.prio
		}
	}
}

// requestMetadata reads client metadata lazily, once per batch.
type requestMetadata struct {
	ctx     context.Context
	enabled bool
	info    *client.Info
}

func (m *requestMetadata) get(keys []string) string {
	if m == nil || !m.enabled || len(keys) == 0 {
		return ""
	}
	if m.info == nil {
		info := client.FromContext(m.ctx)
		m.info = &info
	}
	for _, k := range keys {
		for _, v := range m.info.Metadata.Get(k) {
			if v != "" {
				return v
			}
		}
	}
	return ""
}

// spanIdentity is the identity of a call, when resolved before prepare (attrRoom counts it).
type spanIdentity struct {
	values   [maxIdentityFields]string
	resolved bool
}

// resolveIdentity resolves the identity of a call.
func (p *genaiProcessor) resolveIdentity(a *spanAttrs, resource *batchResource, md *requestMetadata) spanIdentity {
	return spanIdentity{values: p.identity.resolveWith(a.m, resource.identityCandidates(p.identity), md), resolved: true}
}

// resolveIdentityFrom is resolveIdentity given the candidates of the span's attributes as they
// are now (indexAttrsWithIdentity).
func (p *genaiProcessor) resolveIdentityFrom(onSpan *identityCandidates, resource *batchResource, md *requestMetadata) spanIdentity {
	return spanIdentity{values: p.identity.resolveFrom(onSpan.val, resource.identityCandidates(p.identity), md), resolved: true}
}

// applyIdentity writes tenant (never empty) and the other identity/context fields, resolving
// them unless id already is.
func (p *genaiProcessor) applyIdentity(a *spanAttrs, resource *batchResource, md *requestMetadata, id *spanIdentity) {
	if !id.resolved {
		*id = p.resolveIdentity(a, resource, md)
	}
	values := id.values
	if values[0] == "" {
		values[0] = p.cfg.DefaultTenant
	}
	for f, key := range p.identity.written {
		if values[f] != "" {
			a.putStrOf(key, values[f])
		}
	}
}

// identityCandidates are the resource's identity values, found once per resource of a batch.
func (r *batchResource) identityCandidates(resolver *identityResolver) *[maxIdentityFields]string {
	if r.identityValues == nil {
		values := resolver.candidates(r.attrs)
		r.identityValues = &values
	}
	return r.identityValues
}
