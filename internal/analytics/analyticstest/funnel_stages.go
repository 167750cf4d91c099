package analyticstest

import (
	"math"
	"slices"
	"time"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
)

// FunnelStages returns the funnel stages of the filter's tenant and range as the analytics API
// sees them: the reported rows (resends dropped) plus the two stages every deduplicated query
// call with a user stands for — ai_query at its start and, unless it failed,
// response_received at its end. Only calls that started in the range count, and every stage
// must happen in it.
func (d *Dataset) FunnelStages(f analytics.Filter) []FunnelEvent {
	var out []FunnelEvent
	for _, fe := range d.FinalFunnel() {
		if fe.Tenant == f.Tenant && inRange(fe.Timestamp, f) {
			out = append(out, fe)
		}
	}
	for _, e := range d.Final() {
		if e.Tenant != f.Tenant || e.User == "" || !inRange(e.Timestamp, f) ||
			slices.Contains(feedback.NonQueryOperations(), e.Operation) {
			continue
		}
		out = append(out, FunnelEvent{Timestamp: e.Timestamp, Tenant: e.Tenant, User: e.User, Stage: feedback.StageAIQuery})
		end := e.Timestamp.Add(time.Duration(math.Round(e.LatencyMs*1000)) * time.Microsecond)
		if !e.Error && inRange(end, f) {
			out = append(out, FunnelEvent{Timestamp: end, Tenant: e.Tenant, User: e.User, Stage: feedback.StageResponseReceived})
		}
	}
	return out
}
