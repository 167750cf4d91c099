package analytics_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics/analyticstest"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/pricing"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
)

type fixture struct {
	store  *analytics.Store
	data   *analyticstest.Dataset
	engine *pricing.Engine
	db     string
}

func seeded(t *testing.T, opt analyticstest.Options) fixture {
	t.Helper()
	conn := chtest.Conn(t)
	db := analyticstest.NewSchema(t, conn)
	data := analyticstest.Generate(42, opt)
	require.NoError(t, data.Insert(context.Background(), conn, db))
	engine, err := pricing.NewEngine(nil, nil, true)
	require.NoError(t, err)
	return fixture{store: analytics.NewStore(conn, db, analytics.EnginePriceBook(engine)), data: data, engine: engine, db: db}
}

func baseFilter() analytics.Filter {
	return analytics.Filter{Tenant: analyticstest.Tenant, From: analyticstest.From, To: analyticstest.To}
}

// filters are the scopes every analysis is checked under.
func filters() map[string]analytics.Filter {
	f := map[string]analytics.Filter{"all": baseFilter()}
	m := baseFilter()
	m.Model = "gpt-5.4"
	f["model"] = m
	s := baseFilter()
	s.Service, s.UserSegment = "search", "pro"
	f["service+segment"] = s
	g := baseFilter()
	g.Geography, g.FeatureVersion = "DE", "v2"
	f["geography+version"] = g
	o := baseFilter()
	o.Tenant = analyticstest.OtherTenant
	f["other tenant"] = o
	n := baseFilter()
	n.From, n.To = analyticstest.To.Add(24*time.Hour), analyticstest.To.Add(48*time.Hour)
	f["empty range"] = n
	return f
}

func TestAnalysesMatchIndependentComputation(t *testing.T) {
	fx := seeded(t, analyticstest.Options{Users: 30, EventsPerUser: 20})
	ctx := context.Background()
	for name, f := range filters() {
		t.Run(name, func(t *testing.T) {
			t.Run("popular-queries", func(t *testing.T) {
				got, err := fx.store.PopularQueries(ctx, f, 5)
				require.NoError(t, err)
				requireSame(t, fx.data.ExpectPopularQueries(f, 5), got)
			})
			t.Run("zero-results", func(t *testing.T) {
				got, err := fx.store.ZeroResults(ctx, f)
				require.NoError(t, err)
				requireSame(t, fx.data.ExpectZeroResults(f), got)
			})
			for _, g := range []string{"", "model", "feature_version"} {
				t.Run("satisfaction/"+g, func(t *testing.T) {
					got, err := fx.store.Satisfaction(ctx, f, g)
					require.NoError(t, err)
					requireSame(t, fx.data.ExpectSatisfaction(f, g), got)
				})
			}
			t.Run("funnel", func(t *testing.T) {
				got, err := fx.store.Funnel(ctx, f, analytics.DefaultFunnelStages(), time.Hour, 20)
				require.NoError(t, err)
				requireSame(t, fx.data.ExpectFunnel(f, analytics.DefaultFunnelStages(), time.Hour, 20), got)
				// Only reported stages (genai_events is not read), and a derived one after a reported one.
				for _, stages := range [][]string{{"satisfied", "action_taken", "converted"}, {"satisfied", "response_received"}} {
					got, err := fx.store.Funnel(ctx, f, stages, time.Hour, 20)
					require.NoError(t, err)
					requireSame(t, fx.data.ExpectFunnel(f, stages, time.Hour, 20), got)
				}
			})
			for _, seg := range []string{"user_segment", "feature_version", "geography", "user"} {
				t.Run("cost-segments/"+seg, func(t *testing.T) {
					got, err := fx.store.CostSegments(ctx, f, seg, 10)
					require.NoError(t, err)
					requireSame(t, fx.data.ExpectCostSegments(f, seg, 10), got)
				})
			}
			t.Run("cost-recommendations", func(t *testing.T) {
				got, err := fx.store.CostRecommendations(ctx, f, nil)
				require.NoError(t, err)
				for i := range got {
					got[i].Evidence = nil // the figures behind it are checked in TestCostRecommendationEvidence
				}
				requireSame(t, fx.data.ExpectCostRecommendations(f, fx.engine), got)
			})
			t.Run("anomalies", func(t *testing.T) {
				got, err := fx.store.Anomalies(ctx, f, "", "", 100)
				require.NoError(t, err)
				requireSame(t, fx.data.ExpectAnomalies(f, "", ""), got)
			})
		})
	}
}

func mustEngine(t testing.TB) *pricing.Engine {
	e, err := pricing.NewEngine(nil, nil, true)
	require.NoError(t, err)
	return e
}
