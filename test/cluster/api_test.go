//go:build cluster

package cluster

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const apiKey = "cluster-acme-key-0123456789"

// collectorConfig is one collector: OTLP in, the genaianalytics processor, the exporter and
// the analytics API on the same ClickHouse. TTLs are set (far off) so the cluster DDL carries
// TTL clauses too. cluster holds the exporter's cluster options
// (YAML lines, indented for the exporter block), empty for a single node.
func collectorConfig(grpcPort, healthPort, apiPort int, endpoint, database, cluster string) string {
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
  genaianalytics:
    # Alerts depend on when windows close (wall clock), not only on the data: two collectors
    # could differ. The alerts compared are the golden dataset's.
    anomaly: {enabled: false}
exporters:
  clickhouseanalytics:
    endpoint: %[4]s
    database: %[5]s
    ttl: {events: 87600h, rollups: 87600h, feedback: 87600h}
    rollups: {per_minute: true}
    sending_queue:
      batch:
        flush_timeout: 200ms
%[7]s
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
`, grpcPort, healthPort, apiPort, endpoint, database, apiKey, cluster)
}

// clusterOptions are the exporter's cluster settings for the test nodes: plain MergeTree
// (clickhouse-local has no replication) applied node by node (nor distributed DDL).
func clusterOptions(nodes []*node) string {
	s := "    cluster_name: " + clusterName + "\n    table_engine: merge_tree\n    cluster_nodes:\n"
	for _, n := range nodes {
		s += "      - " + n.endpoint() + "\n"
	}
	return s
}

type api struct{ base string }

func newAPI(port int) api { return api{base: fmt.Sprintf("http://127.0.0.1:%d", port)} }

func (a api) call(t *testing.T, method, path string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, a.base+path, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+apiKey)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, raw
}

// get GETs path over [from, to) plus params and returns the 200 body.
func (a api) get(t *testing.T, path string, from, to time.Time, params ...string) []byte {
	t.Helper()
	q := url.Values{"from": {from.Format(time.RFC3339)}, "to": {to.Format(time.RFC3339)}}
	for i := 0; i+1 < len(params); i += 2 {
		q.Set(params[i], params[i+1])
	}
	status, raw := a.call(t, http.MethodGet, path+"?"+q.Encode(), nil)
	require.Equal(t, http.StatusOK, status, "%s: %s", path, raw)
	return raw
}

// queries are the API calls compared between one node and the cluster: every GET endpoint,
// with its grouping variants.
var queries = []struct {
	path   string
	params []string
}{
	{"/v1/analytics/popular-queries", []string{"limit", "20"}},
	{"/v1/analytics/popular-queries", []string{"limit", "5", "model", "gpt-5.4"}},
	{"/v1/analytics/zero-results", nil},
	{"/v1/analytics/query-clusters", []string{"sample", "20"}},
	{"/v1/analytics/satisfaction", nil},
	{"/v1/analytics/satisfaction", []string{"group_by", "model"}},
	{"/v1/analytics/satisfaction", []string{"group_by", "feature_version"}},
	{"/v1/analytics/funnel", []string{"window", "1h"}},
	{"/v1/analytics/funnel", []string{"min_drop_off", "35"}},
	{"/v1/analytics/cost-segments", []string{"segment_by", "user_segment"}},
	{"/v1/analytics/cost-segments", []string{"segment_by", "feature_version"}},
	{"/v1/analytics/cost-segments", []string{"segment_by", "geography"}},
	{"/v1/analytics/cost-segments", []string{"segment_by", "user"}},
	{"/v1/analytics/cost-recommendations", nil},
	{"/v1/analytics/anomalies", nil},
	{"/v1/analytics/cohorts/compare", []string{"ids", "pro-users,picked"}},
}

// defineCohorts posts the same two cohorts (criteria and explicit members) to an API.
func (a api) defineCohorts(t *testing.T) {
	t.Helper()
	for _, body := range []string{
		`{"cohort_id":"pro-users","criteria":{"user_segment":"pro"}}`,
		`{"cohort_id":"picked","members":["u-000","u-003","u-009"]}`,
	} {
		status, raw := a.call(t, http.MethodPost, "/v1/analytics/cohorts", []byte(body))
		require.Equal(t, http.StatusCreated, status, string(raw))
	}
}
