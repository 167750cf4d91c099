package analyticsapiextension

import (
	"context"
	"net/http"
	"time"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
)

// request parses the query string (scope + extra parameters) of an endpoint.
func (s *apiServer) request(r *http.Request, boundTenant string, extra ...string) (query, analytics.Filter, error) {
	q, aerr := parseQuery(r.URL.RawQuery, extra...)
	if aerr != nil {
		return q, analytics.Filter{}, aerr
	}
	f, aerr := q.scope(boundTenant, s.cfg.MaxRange, s.now())
	if aerr != nil {
		return q, f, aerr
	}
	return q, f, nil
}

// firstErr returns the first non-nil parameter error (as error, nil-safe).
func firstErr(errs ...*apiError) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func (s *apiServer) popularQueries(ctx context.Context, r *http.Request, tenant string) (int, any, error) {
	q, f, err := s.request(r, tenant, "limit")
	if err != nil {
		return 0, nil, err
	}
	limit, aerr := q.integer("limit", 20, 1, 1000)
	if aerr != nil {
		return 0, nil, aerr
	}
	out, err := s.store.PopularQueries(ctx, f, limit)
	return http.StatusOK, out, err
}

func (s *apiServer) zeroResults(ctx context.Context, r *http.Request, tenant string) (int, any, error) {
	_, f, err := s.request(r, tenant)
	if err != nil {
		return 0, nil, err
	}
	out, err := s.store.ZeroResults(ctx, f)
	return http.StatusOK, out, err
}

func (s *apiServer) queryClusters(ctx context.Context, r *http.Request, tenant string) (int, any, error) {
	q, f, err := s.request(r, tenant, "limit", "threshold", "sample")
	if err != nil {
		return 0, nil, err
	}
	limit, e1 := q.integer("limit", 200, 1, 1000)
	threshold, e2 := q.number("threshold", 0, 0, 1)
	sample, e3 := q.integer("sample", 5, 1, 50)
	if err := firstErr(e1, e2, e3); err != nil {
		return 0, nil, err
	}
	out, err := s.store.QueryClusters(ctx, f, analytics.ClusterOptions{TopQueries: limit, Threshold: threshold, SampleSize: sample})
	return http.StatusOK, out, err
}

func (s *apiServer) satisfaction(ctx context.Context, r *http.Request, tenant string) (int, any, error) {
	q, f, err := s.request(r, tenant, "response_id", "group_by")
	if err != nil {
		return 0, nil, err
	}
	responseID, e1 := q.text("response_id")
	groupBy, e2 := q.oneOf("group_by", "", "model", "feature_version")
	if err := firstErr(e1, e2); err != nil {
		return 0, nil, err
	}
	if responseID != "" && groupBy != "" {
		return 0, nil, badParam("group_by", "cannot be combined with response_id")
	}
	if responseID != "" {
		out, err := s.store.ResponseSentiment(ctx, f, responseID)
		return http.StatusOK, out, err
	}
	out, err := s.store.Satisfaction(ctx, f, groupBy)
	if err != nil || groupBy != "" {
		return http.StatusOK, out, err
	}
	return http.StatusOK, out[0], nil
}

func (s *apiServer) funnel(ctx context.Context, r *http.Request, tenant string) (int, any, error) {
	q, f, err := s.request(r, tenant, "window", "min_drop_off", "stages")
	if err != nil {
		return 0, nil, err
	}
	window, e1 := q.duration("window", 24*time.Hour, time.Second, 90*24*time.Hour)
	minDrop, e2 := q.number("min_drop_off", 20, 0, 100)
	stages, e3 := q.list("stages", analytics.MaxFunnelStages)
	if err := firstErr(e1, e2, e3); err != nil {
		return 0, nil, err
	}
	if stages == nil {
		stages = s.cfg.FunnelStages
	} else if err := validStages(stages); err != nil {
		return 0, nil, badParam("stages", "%v", err)
	}
	out, err := s.store.Funnel(ctx, f, stages, window, minDrop)
	return http.StatusOK, out, err
}

func (s *apiServer) costSegments(ctx context.Context, r *http.Request, tenant string) (int, any, error) {
	q, f, err := s.request(r, tenant, "segment_by", "limit")
	if err != nil {
		return 0, nil, err
	}
	segmentBy, e1 := q.oneOf("segment_by", "user_segment", "user_segment", "feature_version", "geography", "user")
	limit, e2 := q.integer("limit", 20, 1, 1000)
	if err := firstErr(e1, e2); err != nil {
		return 0, nil, err
	}
	out, err := s.store.CostSegments(ctx, f, segmentBy, limit)
	return http.StatusOK, out, err
}

func (s *apiServer) costRecommendations(ctx context.Context, r *http.Request, tenant string) (int, any, error) {
	_, f, err := s.request(r, tenant)
	if err != nil {
		return 0, nil, err
	}
	out, err := s.store.CostRecommendations(ctx, f, s.cfg.CostAlternatives)
	return http.StatusOK, out, err
}

func (s *apiServer) anomalies(ctx context.Context, r *http.Request, tenant string) (int, any, error) {
	q, f, err := s.request(r, tenant, "type", "severity", "limit")
	if err != nil {
		return 0, nil, err
	}
	kind, e1 := q.text("type")
	severity, e2 := q.oneOf("severity", "", "low", "medium", "high")
	limit, e3 := q.integer("limit", 100, 1, 1000)
	if err := firstErr(e1, e2, e3); err != nil {
		return 0, nil, err
	}
	out, err := s.store.Anomalies(ctx, f, kind, severity, limit)
	return http.StatusOK, out, err
}
