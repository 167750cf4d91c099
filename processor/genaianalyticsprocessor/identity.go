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
	slots  map[string][]identitySlot
	// keys filters out most attributes that are no identity key before the map lookup.
	keys keyFilter
}

func newIdentityResolver(cfg IdentityConfig) *identityResolver {
	r := &identityResolver{fields: identityFields(cfg), slots: map[string][]identitySlot{}}
	for f, field := range r.fields {
		for prio, k := range field.src.Attributes {
			r.slots[k] = append(r.slots[k], identitySlot{field: f, prio: prio})
			r.keys.add(k)
		}
	}
	return r
}

// resolve returns the value of each field: the highest-priority key present on the span, else
// on the resource, else in client metadata.
func (r *identityResolver) resolve(span, resource pcommon.Map, md *requestMetadata) [maxIdentityFields]string {
	var out [maxIdentityFields]string
	for _, m := range [...]pcommon.Map{span, resource} {
		var val [maxIdentityFields]string
		var prio [maxIdentityFields]int
		m.Range(func(k string, v pcommon.Value) bool {
			if !r.keys.mayHave(k) {
				return true
			}
			slots, ok := r.slots[k]
			if !ok || v.Type() == pcommon.ValueTypeEmpty {
				return true
			}
			for _, s := range slots {
				if out[s.field] != "" || val[s.field] != "" && prio[s.field] <= s.prio {
					continue
				}
				if str := v.AsString(); str != "" {
					val[s.field], prio[s.field] = str, s.prio
				}
			}
			return true
		})
		for f := range r.fields {
			if out[f] == "" {
				out[f] = val[f]
			}
		}
	}
	for f, field := range r.fields {
		if out[f] == "" {
			out[f] = md.get(field.src.Metadata)
		}
	}
	return out
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

// applyIdentity writes tenant (never empty) and the other identity/context fields.
func (p *genaiProcessor) applyIdentity(a *spanAttrs, resource pcommon.Map, md *requestMetadata) {
	values := p.identity.resolve(a.m, resource, md)
	if values[0] == "" {
		values[0] = p.cfg.DefaultTenant
	}
	for f, field := range p.identity.fields {
		if values[f] != "" {
			a.PutStr(field.key, values[f])
		}
	}
}
