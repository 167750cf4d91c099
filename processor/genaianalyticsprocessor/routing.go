package genaianalyticsprocessor

import (
	"context"
	"fmt"
	"hash/fnv"

	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processorhelper"
)

// RoutingConfig turns a processor instance into the tenant router of a first collector tier
// (docs/scale-out.md). The tier has one pipeline per second-tier instance, each with its own
// routing index and an OTLP exporter to that instance; every pipeline keeps only the spans and
// logs of its tenants, unchanged. So all data of a tenant reaches one second-tier instance,
// whose processor then holds that tenant's whole anomaly and follow-up state.
type RoutingConfig struct {
	// Instances is the number of second-tier instances; 0 (default) disables routing.
	Instances int `mapstructure:"instances"`
	// Index is the second-tier instance this pipeline feeds, 0 ≤ index < instances.
	Index int `mapstructure:"index"`
	// Tenants pins tenants to instances (e.g. a big tenant alone); the others go to
	// fnv32a(tenant) mod instances. Every pipeline of the tier must have the same map.
	Tenants map[string]int `mapstructure:"tenants"`
}

func (r RoutingConfig) validate() []error {
	if r.Instances == 0 && r.Index == 0 && len(r.Tenants) == 0 {
		return nil
	}
	var errs []error
	if r.Instances < 1 {
		errs = append(errs, fmt.Errorf("routing.instances: must be >= 1 when routing is configured, got %d", r.Instances))
	}
	if r.Index < 0 || r.Index >= max(r.Instances, 1) {
		errs = append(errs, fmt.Errorf("routing.index: must be in [0, %d), got %d", r.Instances, r.Index))
	}
	for t, i := range r.Tenants {
		if i < 0 || i >= max(r.Instances, 1) {
			errs = append(errs, fmt.Errorf("routing.tenants[%s]: instance must be in [0, %d), got %d", t, r.Instances, i))
		}
	}
	return errs
}

// instanceOf is the second-tier instance of a tenant.
func (r RoutingConfig) instanceOf(tenant string) int {
	if i, ok := r.Tenants[tenant]; ok {
		return i
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(tenant))
	return int(h.Sum32() % uint32(r.Instances))
}

// router keeps the data of the tenants routed to its index. The tenant is resolved like the
// enrichment does (identity.tenant keys on the record, then the resource, else default_tenant),
// so the router and the second tier agree on it.
type router struct {
	cfg RoutingConfig
	src KeySource
	def string
}

func newRouter(cfg *Config) *router {
	return &router{cfg: cfg.Routing, src: cfg.Identity.Tenant, def: cfg.DefaultTenant}
}

func (r *router) mine(attrs, resource pcommon.Map) bool {
	return r.cfg.instanceOf(identityOf(attrs, resource, r.src, r.def)) == r.cfg.Index
}

func (r *router) processTraces(_ context.Context, td ptrace.Traces) (ptrace.Traces, error) {
	td.ResourceSpans().RemoveIf(func(rs ptrace.ResourceSpans) bool {
		res := rs.Resource().Attributes()
		rs.ScopeSpans().RemoveIf(func(ss ptrace.ScopeSpans) bool {
			ss.Spans().RemoveIf(func(s ptrace.Span) bool { return !r.mine(s.Attributes(), res) })
			return ss.Spans().Len() == 0
		})
		return rs.ScopeSpans().Len() == 0
	})
	if td.ResourceSpans().Len() == 0 {
		return td, processorhelper.ErrSkipProcessingData
	}
	return td, nil
}

func (r *router) processLogs(_ context.Context, ld plog.Logs) (plog.Logs, error) {
	ld.ResourceLogs().RemoveIf(func(rl plog.ResourceLogs) bool {
		res := rl.Resource().Attributes()
		rl.ScopeLogs().RemoveIf(func(sl plog.ScopeLogs) bool {
			sl.LogRecords().RemoveIf(func(l plog.LogRecord) bool { return !r.mine(l.Attributes(), res) })
			return sl.LogRecords().Len() == 0
		})
		return rl.ScopeLogs().Len() == 0
	})
	if ld.ResourceLogs().Len() == 0 {
		return ld, processorhelper.ErrSkipProcessingData
	}
	return ld, nil
}

var routerCapabilities = processorhelper.WithCapabilities(consumer.Capabilities{MutatesData: true})

func newRouterTraces(ctx context.Context, set processor.Settings, cfg *Config, next consumer.Traces) (processor.Traces, error) {
	return processorhelper.NewTraces(ctx, set, cfg, next, newRouter(cfg).processTraces, routerCapabilities)
}

func newRouterLogs(ctx context.Context, set processor.Settings, cfg *Config, next consumer.Logs) (processor.Logs, error) {
	return processorhelper.NewLogs(ctx, set, cfg, next, newRouter(cfg).processLogs, routerCapabilities)
}
