package analyticsapiextension

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"go.uber.org/zap"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/dashboard"
)

// endpointFunc answers one request of an authenticated tenant ("" for an open API).
type endpointFunc func(ctx context.Context, r *http.Request, boundTenant string) (status int, body any, err error)

func (s *apiServer) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/openapi.json", serveOpenAPI)
	for _, e := range append(s.endpoints(), s.dashboardEndpoints()...) {
		mux.Handle(e.method+" "+e.path, s.wrap(e.fn))
	}
	dashboard.Mount(mux) // the page at "/" and its assets; other paths keep the JSON 404 below
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, errorBody(&apiError{Status: http.StatusNotFound,
			Message: "no such endpoint: " + safeName(r.URL.Path) + " (see /v1/openapi.json)"}))
	})
	return mux
}

type endpoint struct {
	method, path string
	fn           endpointFunc
}

// endpoints lists every analytics route; the OpenAPI test checks the document covers them.
func (s *apiServer) endpoints() []endpoint {
	return []endpoint{
		{http.MethodGet, "/v1/analytics/popular-queries", s.popularQueries},
		{http.MethodGet, "/v1/analytics/zero-results", s.zeroResults},
		{http.MethodGet, "/v1/analytics/query-clusters", s.queryClusters},
		{http.MethodGet, "/v1/analytics/satisfaction", s.satisfaction},
		{http.MethodGet, "/v1/analytics/funnel", s.funnel},
		{http.MethodPost, "/v1/analytics/cohorts", s.defineCohort},
		{http.MethodGet, "/v1/analytics/cohorts/compare", s.compareCohorts},
		{http.MethodGet, "/v1/analytics/cost-segments", s.costSegments},
		{http.MethodGet, "/v1/analytics/cost-recommendations", s.costRecommendations},
		{http.MethodGet, "/v1/analytics/anomalies", s.anomalies},
	}
}

// wrap authenticates, bounds the ClickHouse time and turns errors into JSON answers.
func (s *apiServer) wrap(fn endpointFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tenant, aerr := s.authenticate(r)
		if aerr != nil {
			writeJSON(w, aerr.Status, errorBody(aerr))
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.QueryTimeout)
		defer cancel()
		status, body, err := fn(ctx, r, tenant)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, status, body)
	})
}

func (s *apiServer) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var aerr *apiError
	switch {
	case errors.As(err, &aerr):
	case errors.Is(err, analytics.ErrCohortNotFound):
		aerr = &apiError{Status: http.StatusNotFound, Parameter: "ids", Message: err.Error()}
	case errors.Is(err, context.DeadlineExceeded):
		aerr = &apiError{Status: http.StatusGatewayTimeout, Message: "the analysis took longer than query_timeout; narrow the range or filters"}
	default:
		// The details (SQL, ClickHouse message) go to the log, not to the caller.
		s.settings.Logger.Warn("analytics query failed", zap.String("path", r.URL.Path), zap.Error(err))
		aerr = &apiError{Status: http.StatusInternalServerError, Message: "the analysis failed; see the collector log"}
	}
	writeJSON(w, aerr.Status, errorBody(aerr))
}

func errorBody(e *apiError) any { return map[string]*apiError{"error": e} }

func writeJSON(w http.ResponseWriter, status int, body any) {
	raw, err := json.Marshal(body)
	if err != nil {
		status = http.StatusInternalServerError
		raw = []byte(`{"error":{"status":500,"message":"encoding the answer failed"}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(raw, '\n'))
}
