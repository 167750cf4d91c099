package analyticsapiextension

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/extension/extensiontest"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/extension/analyticsapiextension/internal/metadata"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics/analyticstest"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/collectortest"
)

const (
	acmeKey   = "key-acme-0123456789"
	globexKey = "key-globex-0123456789"
)

type apiClient struct {
	t    *testing.T
	base string
}

func (c apiClient) do(method, path, key string, body []byte, contentType string) (int, []byte) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	require.NoError(c.t, err)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	return resp.StatusCode, raw
}

func (c apiClient) get(path, key string) (int, []byte) {
	return c.do(http.MethodGet, path, key, nil, "")
}

// startAPI runs the extension on a free port over a seeded test database.
func startAPI(t *testing.T) (apiClient, *analyticstest.Dataset) {
	conn := chtest.Conn(t)
	db := analyticstest.NewSchema(t, conn)
	data := analyticstest.Generate(7, analyticstest.Options{Users: 12, EventsPerUser: 12})
	require.NoError(t, data.Insert(context.Background(), conn, db))

	cfg := createDefaultConfig()
	port := collectortest.FreePort(t)
	cfg.NetAddr.Endpoint = fmt.Sprintf("127.0.0.1:%d", port)
	cfg.ClickHouse.Endpoint = chtest.Endpoint(t)
	cfg.ClickHouse.Database = db
	cfg.APIKeys = []APIKey{{Key: acmeKey, Tenant: analyticstest.Tenant}, {Key: globexKey, Tenant: analyticstest.OtherTenant}}
	require.NoError(t, cfg.Validate())
	ext, err := NewFactory().Create(context.Background(), extensiontest.NewNopSettings(metadata.Type), cfg)
	require.NoError(t, err)
	require.NoError(t, ext.Start(context.Background(), componenttest.NewNopHost()))
	t.Cleanup(func() { require.NoError(t, ext.Shutdown(context.Background())) })
	return apiClient{t: t, base: fmt.Sprintf("http://127.0.0.1:%d", port)}, data
}

func rangeQuery() string {
	return "from=" + url.QueryEscape(analyticstest.From.Format(time.RFC3339)) + "&to=" + url.QueryEscape(analyticstest.To.Format(time.RFC3339))
}

func TestAPIErrorsAndAuth(t *testing.T) {
	c, _ := startAPI(t)
	rq := rangeQuery()
	tests := []struct {
		name, method, path, key, contentType, body string
		status                                     int
		param                                      string
	}{
		{name: "no key", method: "GET", path: "/v1/analytics/zero-results?" + rq, status: 401},
		{name: "unknown key", method: "GET", path: "/v1/analytics/zero-results?" + rq, key: "key-nobody-0123456789", status: 401},
		{name: "other tenant", method: "GET", path: "/v1/analytics/zero-results?tenant=globex&" + rq, key: acmeKey, status: 403, param: "tenant"},
		{name: "bad from", method: "GET", path: "/v1/analytics/popular-queries?from=monday", key: acmeKey, status: 400, param: "from"},
		{name: "inverted range", method: "GET", path: "/v1/analytics/funnel?from=2026-11-21T00:00:00Z&to=2026-11-20T00:00:00Z", key: acmeKey, status: 400, param: "from"},
		{name: "bad limit", method: "GET", path: "/v1/analytics/popular-queries?limit=0&" + rq, key: acmeKey, status: 400, param: "limit"},
		{name: "bad segment", method: "GET", path: "/v1/analytics/cost-segments?segment_by=planet&" + rq, key: acmeKey, status: 400, param: "segment_by"},
		{name: "bad group", method: "GET", path: "/v1/analytics/satisfaction?group_by=user&" + rq, key: acmeKey, status: 400, param: "group_by"},
		{name: "bad window", method: "GET", path: "/v1/analytics/funnel?window=soon&" + rq, key: acmeKey, status: 400, param: "window"},
		{name: "bad drop-off", method: "GET", path: "/v1/analytics/funnel?min_drop_off=120&" + rq, key: acmeKey, status: 400, param: "min_drop_off"},
		{name: "unknown parameter", method: "GET", path: "/v1/analytics/anomalies?colour=red&" + rq, key: acmeKey, status: 400, param: "colour"},
		{name: "missing ids", method: "GET", path: "/v1/analytics/cohorts/compare?" + rq, key: acmeKey, status: 400, param: "ids"},
		{name: "bad id", method: "GET", path: "/v1/analytics/cohorts/compare?ids=a%20b&" + rq, key: acmeKey, status: 400, param: "ids"},
		{name: "unknown cohort", method: "GET", path: "/v1/analytics/cohorts/compare?ids=nope&" + rq, key: acmeKey, status: 404, param: "ids"},
		{name: "cohort not json", method: "POST", path: "/v1/analytics/cohorts", key: acmeKey, contentType: "text/plain", body: "x", status: 415},
		{name: "cohort malformed", method: "POST", path: "/v1/analytics/cohorts", key: acmeKey, contentType: "application/json", body: "{", status: 400, param: "body"},
		{name: "cohort unknown field", method: "POST", path: "/v1/analytics/cohorts", key: acmeKey, contentType: "application/json", body: `{"colour":"red"}`, status: 400, param: "body"},
		{name: "cohort empty", method: "POST", path: "/v1/analytics/cohorts", key: acmeKey, contentType: "application/json", body: `{"cohort_id":"x"}`, status: 400, param: "criteria"},
		{name: "cohort both", method: "POST", path: "/v1/analytics/cohorts", key: acmeKey, contentType: "application/json", body: `{"criteria":{},"members":["u"]}`, status: 400, param: "members"},
		{name: "cohort bad id", method: "POST", path: "/v1/analytics/cohorts", key: acmeKey, contentType: "application/json", body: `{"cohort_id":"a/b","members":["u"]}`, status: 400, param: "cohort_id"},
		{name: "cohort empty member", method: "POST", path: "/v1/analytics/cohorts", key: acmeKey, contentType: "application/json", body: `{"members":["u",""]}`, status: 400, param: "members[1]"},
		{name: "cohort other tenant", method: "POST", path: "/v1/analytics/cohorts?tenant=globex", key: acmeKey, contentType: "application/json", body: `{"members":["u"]}`, status: 403, param: "tenant"},
		{name: "cohort too large", method: "POST", path: "/v1/analytics/cohorts", key: acmeKey, contentType: "application/json", body: `{"members":["` + strings.Repeat("x", maxCohortBody) + `"]}`, status: 413, param: "body"},
		{name: "no such endpoint", method: "GET", path: "/v1/analytics/nothing", key: acmeKey, status: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, raw := c.do(tt.method, tt.path, tt.key, []byte(tt.body), tt.contentType)
			require.Equal(t, tt.status, status, string(raw))
			var body struct{ Error apiError }
			require.NoError(t, json.Unmarshal(raw, &body), string(raw))
			assert.Equal(t, tt.status, body.Error.Status)
			assert.Equal(t, tt.param, body.Error.Parameter)
			assert.NotEmpty(t, body.Error.Message)
		})
	}
}

func TestAPIAnswersPerTenant(t *testing.T) {
	c, data := startAPI(t)
	rq := rangeQuery()
	// The same question under each key answers that key's tenant only.
	for _, tc := range []struct{ key, tenant string }{{acmeKey, analyticstest.Tenant}, {globexKey, analyticstest.OtherTenant}} {
		status, raw := c.get("/v1/analytics/zero-results?"+rq, tc.key)
		require.Equal(t, 200, status, string(raw))
		var got map[string]any
		require.NoError(t, json.Unmarshal(raw, &got))
		f := scopeFor(tc.tenant)
		want := data.ExpectZeroResults(f)
		assert.Equal(t, float64(want.Total), got["total"])
		assert.Equal(t, float64(want.ZeroResults), got["zero_results"])
	}
	// Cohorts: define under acme, invisible to globex.
	status, raw := c.do("POST", "/v1/analytics/cohorts", acmeKey, []byte(`{"cohort_id":"beta","members":["u-001","u-002"]}`), "application/json")
	require.Equal(t, 201, status, string(raw))
	status, raw = c.get("/v1/analytics/cohorts/compare?ids=beta&"+rq, acmeKey)
	require.Equal(t, 200, status, string(raw))
	status, _ = c.get("/v1/analytics/cohorts/compare?ids=beta&"+rq, globexKey)
	require.Equal(t, 404, status)
}

func TestOpenAPIDocumentCoversEveryRoute(t *testing.T) {
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(openAPIDocument, &doc))
	assert.Equal(t, "3.1.0", doc.OpenAPI)
	s := newAPIServer(createDefaultConfig(), componenttest.NewNopTelemetrySettings())
	for _, e := range append(s.endpoints(), s.dashboardEndpoints()...) {
		ops, ok := doc.Paths[e.path]
		require.True(t, ok, "path %s missing from openapi.json", e.path)
		_, ok = ops[strings.ToLower(e.method)]
		assert.True(t, ok, "%s %s missing from openapi.json", e.method, e.path)
	}
	// Served as JSON without a key.
	rec := &responseRecorder{header: http.Header{}}
	serveOpenAPI(rec, nil)
	assert.Equal(t, "application/json", rec.header.Get("Content-Type"))
	assert.True(t, json.Valid(rec.body.Bytes()))
}

type responseRecorder struct {
	header http.Header
	body   bytes.Buffer
}

func (r *responseRecorder) Header() http.Header         { return r.header }
func (r *responseRecorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *responseRecorder) WriteHeader(int)             {}
