package browser

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/collectortest"
)

const apiKey = "browser-test-key-0123456789"

type ports struct{ grpc, feedback, api, health int }

// collectorConfig is the default pipeline with test ports, the test database and an API key
// bound to the demo tenant (the page sends it like a user would).
func collectorConfig(p ports, endpoint, database string) string {
	return fmt.Sprintf(`
extensions:
  health_check:
    endpoint: 127.0.0.1:%[4]d
  analyticsapi:
    endpoint: 127.0.0.1:%[3]d
    clickhouse: {endpoint: %[5]s, database: %[6]s}
    api_keys:
      - {key: %[7]s, tenant: %[8]s}
receivers:
  otlp:
    protocols:
      grpc: {endpoint: 127.0.0.1:%[1]d}
  aifeedback:
    endpoint: 127.0.0.1:%[2]d
processors:
  genaianalytics: {}
exporters:
  clickhouseanalytics:
    endpoint: %[5]s
    database: %[6]s
    sending_queue:
      batch: {flush_timeout: 200ms}
service:
  extensions: [health_check, analyticsapi]
  telemetry:
    metrics: {level: none}
  pipelines:
    traces:
      receivers: [otlp]
      processors: [genaianalytics]
      exporters: [clickhouseanalytics]
    logs:
      receivers: [aifeedback]
      processors: [genaianalytics]
      exporters: [clickhouseanalytics]
`, p.grpc, p.feedback, p.api, p.health, endpoint, database, apiKey, demoTenant)
}

// TestDashboardInBrowser loads the demo dataset and runs the page in chromium.
func TestDashboardInBrowser(t *testing.T) {
	node := requireBrowserTools(t)
	conn := chtest.Conn(t)
	db := chtest.NewDatabase(t, conn)
	p := ports{collectortest.FreePort(t), collectortest.FreePort(t), collectortest.FreePort(t), collectortest.FreePort(t)}
	collectortest.Start(t, collectorConfig(p, chtest.Endpoint(t), db), p.health)

	now := time.Now().UTC()
	calls := sendCalls(t, p.grpc, now)
	nFeedback, nFunnel := sendFeedbackAndFunnel(t, p.feedback, calls, now)
	nAlerts := sendAlerts(t, p.grpc, calls[0].model, now)
	ctx := context.Background()
	for table, want := range map[string]uint64{"genai_events": demoCalls, "genai_feedback": uint64(nFeedback),
		"genai_funnel_events": uint64(nFunnel), "genai_anomalies": uint64(nAlerts)} {
		chtest.Eventually(t, 2*time.Minute, table+" rows", func() (bool, error) {
			var n uint64
			err := conn.QueryRow(ctx, fmt.Sprintf("SELECT count() FROM `%s`.%s FINAL", db, table)).Scan(&n)
			return n >= want, err
		})
	}

	repo, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	out := filepath.Join(repo, "test-output", "browser")
	require.NoError(t, os.MkdirAll(out, 0o755))
	runCtx, cancel := context.WithTimeout(ctx, 10*time.Minute) // a hung browser must not hang make test
	defer cancel()
	cmd := exec.CommandContext(runCtx, node, "--test", "--test-reporter=spec", "dashboard.test.mjs")
	cmd.Env = append(os.Environ(),
		fmt.Sprintf("DASHBOARD_URL=http://127.0.0.1:%d/", p.api),
		"DASHBOARD_TENANT="+demoTenant,
		"DASHBOARD_API_KEY="+apiKey,
		"DASHBOARD_OUT="+out,
	)
	if os.Getenv("UPDATE_SCREENSHOTS") == "1" {
		cmd.Env = append(cmd.Env, "DASHBOARD_SCREENSHOTS="+filepath.Join(repo, "docs", "screenshots"))
	}
	output, err := cmd.CombinedOutput()
	t.Logf("browser test output:\n%s", output)
	require.NoError(t, err, "the browser test failed (screenshots in %s)", out)
}

// requireBrowserTools fails (never skips) when node, chromium or the npm package are missing.
func requireBrowserTools(t *testing.T) string {
	node, err := exec.LookPath("node")
	require.NoError(t, err, "node is missing: install Node.js 20+")
	chromium := os.Getenv("CHROMIUM_PATH")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	_, err = os.Stat(chromium)
	require.NoError(t, err, "chromium is missing: run `bash test/browser/run.sh` (make test does)")
	_, err = os.Stat(filepath.Join("node_modules", "playwright-core", "package.json"))
	require.NoError(t, err, "playwright-core is missing: run `bash test/browser/run.sh` (npm ci in test/browser)")
	if v, err := exec.Command(node, "--version").Output(); err == nil && strings.HasPrefix(string(v), "v1") {
		t.Fatalf("node %s is too old: the test needs Node.js 20+", strings.TrimSpace(string(v)))
	}
	return node
}
