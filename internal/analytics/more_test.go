package analytics_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics/analyticstest"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
)

func TestSeededDatasetIsNotTrivial(t *testing.T) {
	// Guards the correctness test against passing on empty answers.
	d := analyticstest.Generate(42, analyticstest.Options{Users: 30, EventsPerUser: 20})
	f := baseFilter()
	require.Len(t, d.ExpectPopularQueries(f, 5), 5)
	require.NotNil(t, d.ExpectPopularQueries(f, 5)[0].AvgSatisfactionScore)
	require.Greater(t, d.ExpectZeroResults(f).ZeroResults, uint64(10))
	require.Greater(t, d.ExpectSatisfaction(f, "")[0].Total, uint64(100))
	fu := d.ExpectFunnel(f, analytics.DefaultFunnelStages(), time.Hour, 20)
	require.Greater(t, fu.Stages[4].UniqueUsers, uint64(0))
	require.NotEmpty(t, fu.Bottlenecks)
	require.GreaterOrEqual(t, len(d.ExpectCostRecommendations(f, mustEngine(t))), 4)
	require.Len(t, d.ExpectAnomalies(f, "", ""), 3)
	require.Greater(t, len(d.Events), len(d.Final()), "the dataset must hold replacement rows")
	require.Greater(t, len(d.Feedback), len(d.FinalFeedback()), "the dataset must hold resent feedback")
	// The derived funnel stages meet every rule: failed calls, calls that are no query, and
	// apps that report ai_query themselves.
	var failed, embeddings, reportedQueries int
	for _, e := range d.Final() {
		if e.Error {
			failed++
		}
		if e.Operation == "embeddings" {
			embeddings++
		}
	}
	for _, fe := range d.FinalFunnel() {
		if fe.Stage == "ai_query" {
			reportedQueries++
		}
	}
	require.Positive(t, failed)
	require.Positive(t, embeddings)
	require.Positive(t, reportedQueries)
	require.Less(t, fu.Stages[1].UniqueUsers, fu.Stages[0].UniqueUsers, "some users only saw failed calls in the window")
}

func TestResponseSentimentAndFilters(t *testing.T) {
	fx := seeded(t, analyticstest.Options{Users: 12, EventsPerUser: 10})
	ctx := context.Background()
	f := baseFilter()
	checked := 0
	for _, fb := range fx.data.FinalFeedback() {
		if fb.ResponseID == "" || fb.Tenant != analyticstest.Tenant || checked >= 15 {
			continue
		}
		checked++
		got, err := fx.store.ResponseSentiment(ctx, f, fb.ResponseID)
		require.NoError(t, err)
		require.Equal(t, fx.data.ExpectResponseSentiment(f, fb.ResponseID), got, fb.ResponseID)
	}
	got, err := fx.store.ResponseSentiment(ctx, f, "no-such-response")
	require.NoError(t, err)
	require.Equal(t, analytics.ResponseSentiment{}, got)

	for _, tc := range []struct{ kind, severity string }{{"latency", ""}, {"", "medium"}, {"spike", "high"}} {
		got, err := fx.store.Anomalies(ctx, f, tc.kind, tc.severity, 10)
		require.NoError(t, err)
		requireSame(t, fx.data.ExpectAnomalies(f, tc.kind, tc.severity), got)
	}
}

func TestCohortsCompare(t *testing.T) {
	fx := seeded(t, analyticstest.Options{Users: 30, EventsPerUser: 20})
	ctx := context.Background()
	f := baseFilter()
	fsFrom, fsTo := analyticstest.From, analyticstest.From.Add(10*time.Hour)
	criteria := analytics.CohortCriteria{FeatureVersion: "v2", FirstSeenFrom: &fsFrom, FirstSeenTo: &fsTo}
	explicit := []string{"u-001", "u-004", "u-007", "u-010", "u-013", "nobody"}
	now := time.Now().UTC().Truncate(time.Microsecond)
	require.NoError(t, fx.store.SaveCohort(ctx, analyticstest.Tenant, analytics.Cohort{
		ID: "v2-newcomers", Kind: analytics.CohortKindCriteria, Criteria: &criteria, CreatedAt: now}))
	require.NoError(t, fx.store.SaveCohort(ctx, analyticstest.Tenant, analytics.Cohort{
		ID: "beta", Kind: analytics.CohortKindMembers, Members: []string{"u-002", "u-003"}, CreatedAt: now}))
	// Redefining replaces the member list.
	require.NoError(t, fx.store.SaveCohort(ctx, analyticstest.Tenant, analytics.Cohort{
		ID: "beta", Kind: analytics.CohortKindMembers, Members: explicit, CreatedAt: now.Add(time.Second)}))

	members := fx.data.CriteriaMembers(analyticstest.Tenant, criteria)
	require.NotEmpty(t, members)
	require.Less(t, len(members), 30)
	explicitSet := map[string]bool{}
	for _, m := range explicit {
		explicitSet[m] = true
	}
	for name, flt := range map[string]Filter{"all": f, "model": withModel(f, "gpt-5.4")} {
		// A reported and a derived conversion stage.
		for _, stage := range []string{"converted", "response_received"} {
			t.Run(name+"/"+stage, func(t *testing.T) {
				got, err := fx.store.CompareCohorts(ctx, flt, []string{"v2-newcomers", "beta"}, stage)
				require.NoError(t, err)
				requireSame(t, []analytics.CohortComparison{
					fx.data.ExpectCohort(flt, "v2-newcomers", members, stage),
					fx.data.ExpectCohort(flt, "beta", explicitSet, stage),
				}, got)
			})
		}
	}
	// Another tenant cannot see the cohort.
	other := f
	other.Tenant = analyticstest.OtherTenant
	_, err := fx.store.CompareCohorts(ctx, other, []string{"beta"}, "converted")
	require.ErrorIs(t, err, analytics.ErrCohortNotFound)
}

type Filter = analytics.Filter

func withModel(f Filter, m string) Filter { f.Model = m; return f }

func TestQueryClusters(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name       string
		embeddings bool
		method     string
	}{
		{"embedding", true, analytics.MethodEmbedding},
		{"lexical", false, analytics.MethodLexical},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fx := seeded(t, analyticstest.Options{Users: 10, EventsPerUser: 20, WithEmbeddings: tc.embeddings})
			got, err := fx.store.QueryClusters(ctx, baseFilter(), analytics.ClusterOptions{TopQueries: 50, SampleSize: 20})
			require.NoError(t, err)
			require.NotEmpty(t, got)
			topic := analyticstest.TopicOf
			var total uint64
			for i, c := range got {
				require.Equal(t, tc.method, c.Method)
				require.Equal(t, i+1, c.ClusterID)
				total += c.Size
				for _, q := range c.Queries {
					require.Equal(t, topic(c.Queries[0]), topic(q), "cluster %q mixes topics: %v", c.Label, c.Queries)
				}
				require.True(t, c.SemanticSimilarity > 0 && c.SemanticSimilarity <= 1+1e-9, c.SemanticSimilarity)
			}
			// Every call of the range is in exactly one cluster.
			require.Equal(t, uint64(len(fx.data.ExpectPopularQueriesAll(baseFilter()))), total)
			if tc.embeddings {
				// Embeddings separate the four topics exactly.
				require.Len(t, got, 4)
				for _, c := range got {
					require.Greater(t, c.SemanticSimilarity, 0.9)
				}
			}
		})
	}
}

// A replacement row of an event (late content) counts once, its latest version wins. (The
// per-minute rollup, off by default, counts physical rows: the exporter's
// TestPerMinuteRollupFollowsConfig.)
func TestDuplicatesCountOnce(t *testing.T) {
	conn := chtest.Conn(t)
	db := analyticstest.NewSchema(t, conn)
	ctx := context.Background()
	ev := analyticstest.Event{
		EventID: uuid.New(), Timestamp: analyticstest.From.Add(time.Hour), Tenant: "t1", User: "u1",
		Service: "svc", Provider: "openai", Model: "gpt-5.4", Input: 100, Output: 10, LatencyMs: 100,
		Query: "hello", Fingerprint: analyticstest.Fingerprint("hello"), ResponseID: "r1",
		InsertedAt: analyticstest.From.Add(time.Hour),
	}
	late := ev
	late.LatencyMs, late.Response, late.InsertedAt = 300, "late content", ev.InsertedAt.Add(time.Minute)
	d := &analyticstest.Dataset{Events: []analyticstest.Event{ev, late}}
	require.NoError(t, d.Insert(ctx, conn, db))
	store := analytics.NewStore(conn, db, nil)
	f := Filter{Tenant: "t1", From: analyticstest.From, To: analyticstest.To}
	pq, err := store.PopularQueries(ctx, f, 10)
	require.NoError(t, err)
	require.Len(t, pq, 1)
	require.Equal(t, uint64(1), pq[0].Count, "a replacement row must not count twice")
	require.Equal(t, 300.0, pq[0].AverageLatencyMs, "the latest version wins")

	_, err = store.CostRecommendations(ctx, f, nil)
	require.ErrorIs(t, err, analytics.ErrNoPricing)
}

// TestCriteriaCohortSeesNewEventsThroughUsersTable covers events inserted after migration 0023:
// only the genai_users view sees them (the events branch reads older inserts only).
func TestCriteriaCohortSeesNewEventsThroughUsersTable(t *testing.T) {
	conn := chtest.Conn(t)
	db := analyticstest.NewSchema(t, conn)
	ctx := context.Background()
	later := time.Now().UTC().Add(time.Hour) // inserted after the cut-over
	mk := func(user, version string, at time.Time) analyticstest.Event {
		return analyticstest.Event{EventID: uuid.New(), Timestamp: at, Tenant: "t1", User: user, Service: "svc",
			Provider: "openai", Model: "gpt-5.4", LatencyMs: 100, FeatureVersion: version, InsertedAt: later}
	}
	base := analyticstest.From
	d := &analyticstest.Dataset{Events: []analyticstest.Event{
		mk("u-a", "v2", base.Add(time.Hour)), mk("u-a", "v1", base.Add(2*time.Hour)),
		mk("u-b", "v1", base.Add(3*time.Hour)), mk("u-c", "v2", base.Add(-48*time.Hour)), mk("u-c", "v2", base.Add(4*time.Hour)),
	}}
	require.NoError(t, d.Insert(ctx, conn, db))
	store := analytics.NewStore(conn, db, nil)
	from := base
	require.NoError(t, store.SaveCohort(ctx, "t1", analytics.Cohort{ID: "v2-new", Kind: analytics.CohortKindCriteria,
		Criteria: &analytics.CohortCriteria{FeatureVersion: "v2", FirstSeenFrom: &from}, CreatedAt: time.Now().UTC()}))
	got, err := store.CompareCohorts(ctx, Filter{Tenant: "t1", From: base, To: analyticstest.To}, []string{"v2-new"}, "converted")
	require.NoError(t, err)
	require.Len(t, got, 1)
	// u-a only: u-b never used v2, u-c was first seen before the range start.
	require.Equal(t, uint64(1), got[0].UniqueUsers)
	require.Equal(t, uint64(2), got[0].TotalQueries)
}
