package genaianalyticsprocessor

import (
	"context"

	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor/processorhelper"
)

// withFeedback runs the feedback stage of the traces path after enrich (it needs the canonical
// ids, user and session the enrichment wrote): implicit follow-ups become span attributes that
// the exporter's traces path stores as genai_feedback rows. Funnel stages are not marked: the
// analytics API derives ai_query / response_received from genai_events.
func withFeedback(cfg *Config, enrich processorhelper.ProcessTracesFunc) processorhelper.ProcessTracesFunc {
	follow := newFollowUps(cfg.Feedback)
	return func(ctx context.Context, td ptrace.Traces) (ptrace.Traces, error) {
		td, err := enrich(ctx, td)
		if err != nil {
			return td, err
		}
		if follow != nil {
			follow.observe(td)
		}
		return td, nil
	}
}
