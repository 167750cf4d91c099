package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics/analyticstest"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/pricing"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/collectortest"
)

const analyticsKey = "e2e-acme-key-0123456789"

// analyticsConfig runs the exporter (which creates the schema) and the analyticsapi extension.
func analyticsConfig(grpcPort, healthPort, apiPort int, endpoint, database string) string {
	return fmt.Sprintf(`
extensions:
  health_check:
    endpoint: 127.0.0.1:%[2]d
  analyticsapi:
    endpoint: 127.0.0.1:%[3]d
    clickhouse:
      endpoint: %[4]s
      database: %[5]s
    api_keys:
      - key: %[6]s
        tenant: acme
receivers:
  otlp:
    protocols:
      grpc: {endpoint: 127.0.0.1:%[1]d}
processors:
  genaianalytics: {}
exporters:
  clickhouseanalytics:
    endpoint: %[4]s
    database: %[5]s
service:
  extensions: [health_check, analyticsapi]
  telemetry:
    metrics:
      level: none
  pipelines:
    traces:
      receivers: [otlp]
      processors: [genaianalytics]
      exporters: [clickhouseanalytics]
`, grpcPort, healthPort, apiPort, endpoint, database, analyticsKey)
}

type analyticsAPI struct {
	t    *testing.T
	base string
}

func (a analyticsAPI) call(method, path string, body []byte) (int, []byte) {
	a.t.Helper()
	req, err := http.NewRequest(method, a.base+path, bytes.NewReader(body))
	require.NoError(a.t, err)
	req.Header.Set("Authorization", "Bearer "+analyticsKey)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(a.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(a.t, err)
	return resp.StatusCode, raw
}

// ok GETs an analytics path within the dataset's range and returns the 200 body.
func (a analyticsAPI) ok(path string, params ...string) []byte {
	a.t.Helper()
	q := url.Values{"from": {analyticstest.From.Format(time.RFC3339)}, "to": {analyticstest.To.Format(time.RFC3339)}}
	for i := 0; i+1 < len(params); i += 2 {
		q.Set(params[i], params[i+1])
	}
	status, raw := a.call(http.MethodGet, path+"?"+q.Encode(), nil)
	require.Equal(a.t, http.StatusOK, status, string(raw))
	return raw
}

func TestAnalyticsAPIEndToEnd(t *testing.T) {
	conn := chtest.Conn(t)
	db := chtest.NewDatabase(t, conn)
	grpcPort, healthPort, apiPort := collectortest.FreePort(t), collectortest.FreePort(t), collectortest.FreePort(t)
	collectortest.Start(t, analyticsConfig(grpcPort, healthPort, apiPort, chtest.Endpoint(t), db), healthPort)
	ctx := context.Background()
	chtest.Eventually(t, 30*time.Second, "the exporter's schema", func() (bool, error) {
		return len(analyticstest.MissingTables(ctx, conn, db)) == 0, nil
	})
	data := analyticstest.Generate(11, analyticstest.Options{Users: 20, EventsPerUser: 15, WithEmbeddings: true})
	require.NoError(t, data.Insert(ctx, conn, db))
	engine, err := pricing.NewEngine(nil, nil, true)
	require.NoError(t, err)

	api := analyticsAPI{t: t, base: fmt.Sprintf("http://127.0.0.1:%d", apiPort)}
	f := analytics.Filter{Tenant: analyticstest.Tenant, From: analyticstest.From, To: analyticstest.To}
	model := f
	model.Model = "gpt-5.4"

	t.Run("popular-queries", func(t *testing.T) {
		analyticstest.RequireSameJSON(t, data.ExpectPopularQueries(f, 5), api.ok("/v1/analytics/popular-queries", "limit", "5"))
		analyticstest.RequireSameJSON(t, data.ExpectPopularQueries(model, 3), api.ok("/v1/analytics/popular-queries", "limit", "3", "model", "gpt-5.4"))
	})
	t.Run("zero-results", func(t *testing.T) {
		analyticstest.RequireSameJSON(t, data.ExpectZeroResults(f), api.ok("/v1/analytics/zero-results"))
	})
	t.Run("query-clusters", func(t *testing.T) {
		var got []analytics.QueryCluster
		require.NoError(t, json.Unmarshal(api.ok("/v1/analytics/query-clusters", "sample", "20"), &got))
		// Independently: the calls per topic, biggest first.
		perTopic := map[int]uint64{}
		for _, e := range data.ExpectPopularQueriesAll(f) {
			perTopic[analyticstest.TopicOf(e.Query)]++
		}
		var want []uint64
		for _, n := range perTopic {
			want = append(want, n)
		}
		sort.Slice(want, func(i, j int) bool { return want[i] > want[j] })
		require.Len(t, got, len(want))
		for i, c := range got {
			assert.Equal(t, analytics.MethodEmbedding, c.Method)
			assert.Equal(t, i+1, c.ClusterID)
			assert.Equal(t, want[i], c.Size)
			assert.Equal(t, perTopic[analyticstest.TopicOf(c.Label)], c.Size, "label %q names its topic", c.Label)
			for _, q := range c.Queries {
				assert.Equal(t, analyticstest.TopicOf(c.Label), analyticstest.TopicOf(q))
			}
			assert.Greater(t, c.SemanticSimilarity, 0.9)
		}
	})
	t.Run("satisfaction", func(t *testing.T) {
		analyticstest.RequireSameJSON(t, data.ExpectSatisfaction(f, "")[0], api.ok("/v1/analytics/satisfaction"))
		analyticstest.RequireSameJSON(t, data.ExpectSatisfaction(f, "model"), api.ok("/v1/analytics/satisfaction", "group_by", "model"))
		analyticstest.RequireSameJSON(t, data.ExpectSatisfaction(f, "feature_version"), api.ok("/v1/analytics/satisfaction", "group_by", "feature_version"))
		responseID := ""
		for _, fb := range data.FinalFeedback() {
			if fb.Tenant == f.Tenant && fb.ResponseID != "" && fb.Timestamp.Before(f.To) {
				responseID = fb.ResponseID
				break
			}
		}
		require.NotEmpty(t, responseID)
		analyticstest.RequireSameJSON(t, data.ExpectResponseSentiment(f, responseID), api.ok("/v1/analytics/satisfaction", "response_id", responseID))
	})
	t.Run("funnel", func(t *testing.T) {
		analyticstest.RequireSameJSON(t, data.ExpectFunnel(f, analytics.DefaultFunnelStages(), time.Hour, 20),
			api.ok("/v1/analytics/funnel", "window", "1h"))
		analyticstest.RequireSameJSON(t, data.ExpectFunnel(f, analytics.DefaultFunnelStages(), 24*time.Hour, 35),
			api.ok("/v1/analytics/funnel", "min_drop_off", "35"))
	})
	t.Run("cohorts", func(t *testing.T) {
		status, raw := api.call(http.MethodPost, "/v1/analytics/cohorts",
			[]byte(`{"cohort_id":"pro-users","criteria":{"user_segment":"pro"}}`))
		require.Equal(t, http.StatusCreated, status, string(raw))
		status, raw = api.call(http.MethodPost, "/v1/analytics/cohorts", []byte(`{"cohort_id":"picked","members":["u-000","u-003","u-009"]}`))
		require.Equal(t, http.StatusCreated, status, string(raw))
		want := []analytics.CohortComparison{
			data.ExpectCohort(f, "pro-users", data.CriteriaMembers(f.Tenant, analytics.CohortCriteria{UserSegment: "pro"}), "converted"),
			data.ExpectCohort(f, "picked", map[string]bool{"u-000": true, "u-003": true, "u-009": true}, "converted"),
		}
		analyticstest.RequireSameJSON(t, want, api.ok("/v1/analytics/cohorts/compare", "ids", "pro-users,picked"))
	})
	t.Run("cost-segments", func(t *testing.T) {
		for _, seg := range []string{"user_segment", "feature_version", "geography", "user"} {
			analyticstest.RequireSameJSON(t, data.ExpectCostSegments(f, seg, 20), api.ok("/v1/analytics/cost-segments", "segment_by", seg))
		}
	})
	t.Run("cost-recommendations", func(t *testing.T) {
		var got []map[string]any
		require.NoError(t, json.Unmarshal(api.ok("/v1/analytics/cost-recommendations"), &got))
		require.NotEmpty(t, got)
		for _, r := range got {
			require.NotEmpty(t, r["evidence"])
			delete(r, "evidence")
		}
		stripped, err := json.Marshal(got)
		require.NoError(t, err)
		var want []map[string]any
		raw, err := json.Marshal(data.ExpectCostRecommendations(f, engine))
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(raw, &want))
		for _, r := range want {
			delete(r, "evidence")
		}
		analyticstest.RequireSameJSON(t, want, stripped)
	})
	t.Run("anomalies", func(t *testing.T) {
		analyticstest.RequireSameJSON(t, data.ExpectAnomalies(f, "", ""), api.ok("/v1/analytics/anomalies"))
	})
	t.Run("openapi", func(t *testing.T) {
		status, raw := api.call(http.MethodGet, "/v1/openapi.json", nil)
		require.Equal(t, http.StatusOK, status)
		assert.True(t, json.Valid(raw))
	})
	t.Run("bad input", func(t *testing.T) {
		for _, tc := range []struct {
			path   string
			status int
		}{
			{"/v1/analytics/popular-queries?tenant=globex", http.StatusForbidden},
			{"/v1/analytics/popular-queries?from=last-week", http.StatusBadRequest},
			{"/v1/analytics/cost-segments?segment_by=planet", http.StatusBadRequest},
		} {
			status, raw := api.call(http.MethodGet, tc.path, nil)
			assert.Equal(t, tc.status, status, string(raw))
		}
	})
}
