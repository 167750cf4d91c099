package genaianalyticsprocessor

import (
	"sync"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/processor"
)

// registry hands out one genaiProcessor per component ID, shared by the pipelines using it, and
// forgets it when the last of them shuts down.
type registry struct {
	mu      sync.Mutex
	entries map[component.ID]*registryEntry
}

type registryEntry struct {
	p    *genaiProcessor
	refs int
}

func newRegistry() *registry { return &registry{entries: map[component.ID]*registryEntry{}} }

func (r *registry) acquire(set processor.Settings, cfg *Config) (*genaiProcessor, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if e, ok := r.entries[set.ID]; ok {
		e.refs++
		return e.p, nil
	}
	p, err := newGenAIProcessor(cfg, set.TelemetrySettings)
	if err != nil {
		return nil, err
	}
	r.entries[set.ID] = &registryEntry{p: p, refs: 1}
	if cfg.Feedback.DeriveFunnelStages && set.Logger != nil {
		// Once per processor instance (the registry shares it between traces and logs).
		set.Logger.Warn("feedback.derive_funnel_stages is deprecated and has no effect: the analytics API derives ai_query and response_received from genai_events")
	}
	return p, nil
}

func (r *registry) release(id component.ID) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if e, ok := r.entries[id]; ok {
		if e.refs--; e.refs <= 0 {
			delete(r.entries, id)
		}
	}
}
