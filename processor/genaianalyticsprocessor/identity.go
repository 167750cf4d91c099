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

func identityFields(cfg IdentityConfig) []identityField {
	return []identityField{
		{genai.KeyUserID, cfg.User},
		{genai.KeySessionID, cfg.Session},
		{genai.KeyUserSource, cfg.UserSource},
		{genai.KeyFeatureVersion, cfg.FeatureVersion},
		{genai.KeyUserSegment, cfg.UserSegment},
		{genai.KeyGeography, cfg.Geography},
	}
}

// requestMetadata reads client metadata lazily, once per batch.
type requestMetadata struct {
	ctx     context.Context
	enabled bool
	info    *client.Info
}

func (m *requestMetadata) get(keys []string) string {
	if !m.enabled || len(keys) == 0 {
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

// lookup returns the first non-empty value: span attributes, then resource attributes, then
// client metadata.
func lookup(span, resource pcommon.Map, src KeySource, md *requestMetadata) string {
	for _, m := range [...]pcommon.Map{span, resource} {
		for _, k := range src.Attributes {
			if v, ok := m.Get(k); ok {
				if s := v.AsString(); s != "" && v.Type() != pcommon.ValueTypeEmpty {
					return s
				}
			}
		}
	}
	return md.get(src.Metadata)
}

// applyIdentity writes tenant (never empty) and the other identity/context fields.
func (p *genaiProcessor) applyIdentity(attrs, resource pcommon.Map, md *requestMetadata) {
	tenant := lookup(attrs, resource, p.cfg.Identity.Tenant, md)
	if tenant == "" {
		tenant = p.cfg.DefaultTenant
	}
	attrs.PutStr(genai.KeyTenantID, tenant)
	for _, f := range p.identity {
		if v := lookup(attrs, resource, f.src, md); v != "" {
			attrs.PutStr(f.key, v)
		}
	}
}
