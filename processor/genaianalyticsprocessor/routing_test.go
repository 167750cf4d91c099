package genaianalyticsprocessor

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/processor/genaianalyticsprocessor/internal/metadata"
)

// routedTraces has one span per tenant: tenant on the resource, on the span, or nowhere.
func routedTraces(tenants ...string) ptrace.Traces {
	td := ptrace.NewTraces()
	for i, tenant := range tenants {
		rs := td.ResourceSpans().AppendEmpty()
		span := rs.ScopeSpans().AppendEmpty().Spans().AppendEmpty()
		span.SetName(tenant)
		switch {
		case tenant == "":
		case i%2 == 0:
			rs.Resource().Attributes().PutStr("tenant.id", tenant)
		default:
			span.Attributes().PutStr("tenant.id", tenant)
		}
	}
	return td
}

// TestRoutingSplitsTenantsAcrossInstances: every tenant reaches exactly one of the pipelines,
// pinned tenants where pinned, and spans and logs of a tenant the same one; the data passes
// unchanged (no enrichment in the first tier).
func TestRoutingSplitsTenantsAcrossInstances(t *testing.T) {
	tenants := []string{"acme", "globex", "initech", "umbrella", "hooli", "wonka", "tyrell", ""}
	seenSpans, seenLogs := map[string]int{}, map[string]int{}
	for index := range 3 {
		cfg := createDefaultConfig()
		cfg.Routing = RoutingConfig{Instances: 3, Index: index, Tenants: map[string]int{"acme": 2}}
		require.NoError(t, cfg.Validate())
		set := processortest.NewNopSettings(metadata.Type)

		traces := new(consumertest.TracesSink)
		tp, err := NewFactory().CreateTraces(context.Background(), set, cfg, traces)
		require.NoError(t, err)
		require.NoError(t, tp.ConsumeTraces(context.Background(), routedTraces(tenants...)))
		for _, td := range traces.AllTraces() {
			for i := 0; i < td.ResourceSpans().Len(); i++ {
				span := td.ResourceSpans().At(i).ScopeSpans().At(0).Spans().At(0)
				seenSpans[span.Name()]++
				assert.Equal(t, index, cfg.Routing.instanceOf(tenantOrDefault(span.Name(), cfg)), span.Name())
				_, enriched := span.Attributes().Get(genai.KeyTenantID)
				assert.False(t, enriched, "a router does not enrich")
			}
		}

		logs := new(consumertest.LogsSink)
		lp, err := NewFactory().CreateLogs(context.Background(), set, cfg, logs)
		require.NoError(t, err)
		ld := plog.NewLogs()
		for i, tenant := range tenants {
			rec := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
			rec.Body().SetStr(tenant)
			switch {
			case tenant == "":
			case i%2 == 0:
				rec.Attributes().PutStr("tenant.id", tenant)
			default: // as the aifeedback receiver writes it
				rec.Attributes().PutStr(genai.KeyTenantID, tenant)
			}
		}
		require.NoError(t, lp.ConsumeLogs(context.Background(), ld))
		for _, l := range logs.AllLogs() {
			for i := 0; i < l.ResourceLogs().Len(); i++ {
				body := l.ResourceLogs().At(i).ScopeLogs().At(0).LogRecords().At(0).Body().Str()
				seenLogs[body]++
				assert.Equal(t, index, cfg.Routing.instanceOf(tenantOrDefault(body, cfg)), body)
			}
		}
		if index == 2 {
			assert.Contains(t, names(traces), "acme", "pinned tenant on its instance")
		}
	}
	for _, tenant := range tenants {
		assert.Equal(t, 1, seenSpans[tenant], "spans of %q reach exactly one instance", tenant)
		assert.Equal(t, 1, seenLogs[tenant], "logs of %q reach exactly one instance", tenant)
	}
}

func tenantOrDefault(tenant string, cfg *Config) string {
	if tenant == "" {
		return cfg.DefaultTenant
	}
	return tenant
}

func names(sink *consumertest.TracesSink) []string {
	var out []string
	for _, td := range sink.AllTraces() {
		for i := 0; i < td.ResourceSpans().Len(); i++ {
			out = append(out, td.ResourceSpans().At(i).ScopeSpans().At(0).Spans().At(0).Name())
		}
	}
	return out
}

func TestRoutingConfigValidation(t *testing.T) {
	for _, tc := range []struct {
		r    RoutingConfig
		want string
	}{
		{RoutingConfig{Index: 1}, "routing.instances"},
		{RoutingConfig{Instances: 2, Index: 2}, "routing.index"},
		{RoutingConfig{Instances: 2, Tenants: map[string]int{"acme": 5}}, "routing.tenants[acme]"},
	} {
		cfg := createDefaultConfig()
		cfg.Routing = tc.r
		assert.ErrorContains(t, cfg.Validate(), tc.want)
	}
	cfg := createDefaultConfig()
	cfg.Routing = RoutingConfig{Instances: 2, Index: 1}
	assert.NoError(t, cfg.Validate())
}
