package analyticsapiextension

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics/analyticstest"
)

// TestDashboardRoutes: the page is served without a key (it holds no data), the overview and
// dimensions endpoints follow the same scope, keys and parameter rules as the others.
func TestDashboardRoutes(t *testing.T) {
	c, data := startAPI(t)
	rq := rangeQuery()

	status, body := c.get("/", "")
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, string(body), "<title>AI analytics</title>")
	status, _ = c.get("/js/app.js", "")
	assert.Equal(t, http.StatusOK, status)
	status, body = c.get("/v1/nothing", acmeKey)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Contains(t, string(body), "no such endpoint")

	status, body = c.get("/v1/analytics/overview?buckets=24&"+rq, acmeKey)
	require.Equal(t, http.StatusOK, status, string(body))
	var ov analytics.Overview
	require.NoError(t, json.Unmarshal(body, &ov))
	f := analytics.Filter{Tenant: analyticstest.Tenant, From: analyticstest.From, To: analyticstest.To}
	assert.Equal(t, data.ExpectZeroResults(f).Total, ov.Totals.Calls)
	assert.Len(t, ov.Buckets, 24)
	assert.EqualValues(t, 3600, ov.StepSeconds)

	status, body = c.get("/v1/analytics/dimensions?"+rq, acmeKey)
	require.Equal(t, http.StatusOK, status, string(body))
	var dims map[string][]string
	require.NoError(t, json.Unmarshal(body, &dims))
	assert.ElementsMatch(t, analytics.DimensionNames, keys(dims))
	assert.NotEmpty(t, dims["model"])

	for _, tc := range []struct {
		path, key string
		status    int
		param     string
	}{
		{"/v1/analytics/overview?" + rq, "", 401, ""},
		{"/v1/analytics/overview?tenant=globex&" + rq, acmeKey, 403, "tenant"},
		{"/v1/analytics/overview?buckets=0&" + rq, acmeKey, 400, "buckets"},
		{"/v1/analytics/overview?buckets=501&" + rq, acmeKey, 400, "buckets"},
		{"/v1/analytics/overview?step=5m&" + rq, acmeKey, 400, "step"},
		{"/v1/analytics/dimensions?limit=3&" + rq, acmeKey, 400, "limit"},
	} {
		status, body := c.get(tc.path, tc.key)
		assert.Equal(t, tc.status, status, "%s: %s", tc.path, body)
		if tc.param != "" {
			var e struct {
				Error apiError `json:"error"`
			}
			require.NoError(t, json.Unmarshal(body, &e))
			assert.Equal(t, tc.param, e.Error.Parameter, tc.path)
		}
	}
}

func keys(m map[string][]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
