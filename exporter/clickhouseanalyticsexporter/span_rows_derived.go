package clickhouseanalyticsexporter

import (
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
)

// followUpsFromTraces collects the implicit follow-ups the processor marked on analytics spans
// (a traces pipeline cannot emit log records; see internal/feedback.FollowUpFromSpan).
func followUpsFromTraces(td ptrace.Traces) []feedback.Feedback {
	var fbs []feedback.Feedback
	rss := td.ResourceSpans()
	for i := 0; i < rss.Len(); i++ {
		sss := rss.At(i).ScopeSpans()
		for j := 0; j < sss.Len(); j++ {
			spans := sss.At(j).Spans()
			for k := 0; k < spans.Len(); k++ {
				if f, ok := feedback.FollowUpFromSpan(spans.At(k)); ok {
					fbs = append(fbs, f)
				}
			}
		}
	}
	return fbs
}
