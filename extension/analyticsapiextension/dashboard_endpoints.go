package analyticsapiextension

import (
	"context"
	"net/http"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
)

// dashboardEndpoints serve the dashboard's overview (totals and time series) and its filter
// suggestions; they take the same scope parameters and keys as every analytics endpoint.
func (s *apiServer) dashboardEndpoints() []endpoint {
	return []endpoint{
		{http.MethodGet, "/v1/analytics/overview", s.overview},
		{http.MethodGet, "/v1/analytics/dimensions", s.dimensions},
	}
}

func (s *apiServer) overview(ctx context.Context, r *http.Request, tenant string) (int, any, error) {
	q, f, err := s.request(r, tenant, "buckets")
	if err != nil {
		return 0, nil, err
	}
	n, aerr := q.integer("buckets", analytics.DefaultOverviewBuckets, 1, analytics.MaxOverviewBuckets)
	if aerr != nil {
		return 0, nil, aerr
	}
	out, err := s.store.Overview(ctx, f, n)
	return http.StatusOK, out, err
}

func (s *apiServer) dimensions(ctx context.Context, r *http.Request, tenant string) (int, any, error) {
	_, f, err := s.request(r, tenant)
	if err != nil {
		return 0, nil, err
	}
	out, err := s.store.Dimensions(ctx, f)
	return http.StatusOK, out, err
}
