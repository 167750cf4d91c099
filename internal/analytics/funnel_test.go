package analytics_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics/analyticstest"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
)

// TestFunnelDerivesStagesFromEvents covers the rules of the derived stages one user each, with
// the answers written out (not only compared with the dataset's expectations).
func TestFunnelDerivesStagesFromEvents(t *testing.T) {
	from := analyticstest.From
	to := from.Add(time.Hour)
	d := &analyticstest.Dataset{}
	call := func(user, op string, at time.Time, latencyMs float64, failed bool) {
		n := len(d.Events)
		d.Events = append(d.Events, analyticstest.Event{
			EventID: uuid.NewSHA1(uuid.NameSpaceOID, []byte(fmt.Sprintf("derived-%d", n))), Timestamp: at,
			Tenant: analyticstest.Tenant, User: user, Session: "s-" + user, Service: "support-bot", Operation: op,
			Provider: "openai", Model: "gpt-5.4", LatencyMs: latencyMs, Error: failed, UserSegment: "pro", InsertedAt: at,
		})
	}
	report := func(user, stage string, at time.Time) {
		d.Funnel = append(d.Funnel, analyticstest.FunnelEvent{EventID: fmt.Sprintf("fn-%d", len(d.Funnel)),
			Timestamp: at, Tenant: analyticstest.Tenant, User: user, Stage: stage})
	}
	t0 := from.Add(10 * time.Minute)
	call("answered", "chat", t0, 1500, false)
	report("answered", "satisfied", t0.Add(time.Minute))
	call("failed", "chat", t0, 800, true)
	report("failed", "satisfied", t0.Add(time.Minute))      // no response_received: stops at ai_query
	call("embedder", "embeddings", t0, 50, false)           // not a query
	call("late", "chat", to.Add(-time.Second), 2000, false) // answered after the range
	call("", "chat", t0, 100, false)                        // no user
	// An app that reports ai_query / response_received itself: the same user, counted once.
	call("self-reported", "chat", t0, 1000, false)
	report("self-reported", "ai_query", t0)
	report("self-reported", "response_received", t0.Add(time.Second))
	report("self-reported", "satisfied", t0.Add(2*time.Minute))
	report("self-reported", "converted", t0.Add(3*time.Minute))
	call("other-tenant", "chat", t0, 100, false)
	d.Events[len(d.Events)-1].Tenant = analyticstest.OtherTenant
	call("before", "chat", from.Add(-time.Second), 2000, false) // started before the range

	conn := chtest.Conn(t)
	db := analyticstest.NewSchema(t, conn)
	ctx := context.Background()
	require.NoError(t, d.Insert(ctx, conn, db))
	store := analytics.NewStore(conn, db, nil)
	f := analytics.Filter{Tenant: analyticstest.Tenant, From: from, To: to}

	users := func(stages []string) []uint64 {
		t.Helper()
		got, err := store.Funnel(ctx, f, stages, time.Hour, 0)
		require.NoError(t, err)
		requireSame(t, d.ExpectFunnel(f, stages, time.Hour, 0), got)
		out := make([]uint64, len(got.Stages))
		for i, st := range got.Stages {
			out[i] = st.UniqueUsers
		}
		return out
	}
	// ai_query: answered, failed, late, self-reported; response_received: answered and
	// self-reported ("late" is answered after the range, "before" started before it).
	require.Equal(t, []uint64{4, 2, 2, 0, 0}, users(analytics.DefaultFunnelStages()))
	require.Equal(t, []uint64{3, 1}, users([]string{"satisfied", "converted"}), "reported stages only")
	require.Equal(t, []uint64{2, 1}, users([]string{"response_received", "converted"}))

	require.NoError(t, store.SaveCohort(ctx, f.Tenant, analytics.Cohort{ID: "pro", Kind: analytics.CohortKindCriteria,
		Criteria: &analytics.CohortCriteria{UserSegment: "pro"}, CreatedAt: time.Now().UTC()}))
	for stage, converted := range map[string]float64{"response_received": 2, "ai_query": 4, "converted": 1} {
		got, err := store.CompareCohorts(ctx, f, []string{"pro"}, stage)
		require.NoError(t, err)
		members := d.CriteriaMembers(f.Tenant, analytics.CohortCriteria{UserSegment: "pro"})
		requireSame(t, []analytics.CohortComparison{d.ExpectCohort(f, "pro", members, stage)}, got)
		require.InDelta(t, converted*100/float64(got[0].UniqueUsers), got[0].ConversionRate, 1e-9, stage)
	}
}
