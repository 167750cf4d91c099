package genaianalyticsprocessor

import (
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// markFunnelStages lists on each analytics span with a user the funnel stages it stands for;
// the exporter writes them to genai_funnel_events (see feedback.DerivedFromSpan).
func markFunnelStages(td ptrace.Traces) {
	rss := td.ResourceSpans()
	for i := 0; i < rss.Len(); i++ {
		sss := rss.At(i).ScopeSpans()
		for j := 0; j < sss.Len(); j++ {
			spans := sss.At(j).Spans()
			for k := 0; k < spans.Len(); k++ {
				span := spans.At(k)
				a := span.Attributes()
				if !genai.IsAnalyticsSpan(span) || genai.Str(a, genai.KeyUserID) == "" ||
					nonQueryOperations[genai.Str(a, genai.KeyOperationName)] {
					continue
				}
				stages := a.PutEmptySlice(feedback.KeyFunnelStages)
				stages.AppendEmpty().SetStr(feedback.StageAIQuery)
				if !genai.Bool(a, genai.KeyError) {
					stages.AppendEmpty().SetStr(feedback.StageResponseReceived)
				}
			}
		}
	}
}
