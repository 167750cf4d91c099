package browser

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/google/uuid"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/anomaly"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/loadgen"
)

// The demo dataset: one tenant, calls spread over the last three days (so 1 h, 24 h and 7 d
// show different numbers), feedback on a share of the answers and a funnel per user.
const (
	demoTenant = "acme"
	demoCalls  = 3000
	demoSpan   = 72 * time.Hour
)

// call is what the feedback and funnel events need to know about a generated GenAI call.
type call struct {
	responseID, user, model string
	end                     time.Time
}

// sendCalls generates the calls with the load generator and sends them over OTLP gRPC.
func sendCalls(t *testing.T, grpcPort int, now time.Time) []call {
	opts := loadgen.DefaultOptions()
	opts.Seed = 42
	opts.Tenants = 1 // the first tenant name is demoTenant
	opts.UsersPerTenant = 60
	opts.MessageBytes = -1
	opts.ErrorRate = 0.03
	opts.ZeroResultRate = 0.1
	opts.SpansPerRequest = 250
	opts.BaseTime = now.Add(-demoSpan)
	opts.Interval = demoSpan / demoCalls
	gen, err := loadgen.New(opts)
	require.NoError(t, err)

	cc, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", grpcPort), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer cc.Close()
	client := ptraceotlp.NewGRPCClient(cc)
	var calls []call
	for sent := 0; sent < demoCalls; sent += opts.SpansPerRequest {
		td := gen.NextBatch()
		calls = append(calls, genaiCalls(td)...)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		_, err := client.Export(ctx, ptraceotlp.NewExportRequestFromTraces(td))
		cancel()
		require.NoError(t, err)
	}
	require.NotEmpty(t, calls)
	return calls
}

// sendAlerts sends two alerts the way the processor's anomaly stage emits them (one span per
// alert, see internal/anomaly), so the anomalies list and the latency markers have data: an
// open latency alert 5 h ago and a resolved error-rate alert 30 h ago.
func sendAlerts(t *testing.T, grpcPort int, model string, now time.Time) int {
	at := func(ago time.Duration) time.Time { return now.Add(-ago).Truncate(time.Minute) }
	alerts := []anomaly.Alert{
		{ID: uuid.NewSHA1(uuid.NameSpaceOID, []byte("browser-latency")), Version: 1, Timestamp: at(5 * time.Hour),
			Tenant: demoTenant, Model: model, Type: anomaly.TypeLatency, Severity: anomaly.SeverityHigh, Metric: "latency_p95_ms",
			Expected: 2100, Actual: 7400, Description: "p95 latency 3.5× its baseline",
			WindowStart: at(5*time.Hour + 15*time.Minute), WindowEnd: at(5 * time.Hour)},
		{ID: uuid.NewSHA1(uuid.NameSpaceOID, []byte("browser-errors")), Version: 2, Timestamp: at(30 * time.Hour),
			Tenant: demoTenant, Type: anomaly.TypeErrorRate, Severity: anomaly.SeverityMedium, Metric: "error_rate",
			Expected: 0.03, Actual: 0.19, Description: "error rate above its baseline",
			WindowStart: at(30*time.Hour + 15*time.Minute), WindowEnd: at(30 * time.Hour), ResolvedAt: at(29 * time.Hour)},
	}
	export(t, grpcPort, anomaly.AlertsToTraces(alerts, "browser-test"))
	return len(alerts)
}

func export(t *testing.T, grpcPort int, td ptrace.Traces) {
	cc, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", grpcPort), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer cc.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err = ptraceotlp.NewGRPCClient(cc).Export(ctx, ptraceotlp.NewExportRequestFromTraces(td))
	require.NoError(t, err)
}

func genaiCalls(td ptrace.Traces) []call {
	var out []call
	for _, rs := range td.ResourceSpans().All() {
		for _, ss := range rs.ScopeSpans().All() {
			for _, sp := range ss.Spans().All() {
				a := sp.Attributes()
				rid, ok := a.Get(genai.KeyResponseID)
				user, hasUser := a.Get(loadgen.KeyUserID)
				if !ok || !hasUser || rid.Str() == "" {
					continue
				}
				model, _ := a.Get(genai.KeyRequestModel)
				out = append(out, call{responseID: rid.Str(), user: user.Str(), model: model.Str(), end: sp.EndTimestamp().AsTime()})
			}
		}
	}
	return out
}

// feedbackTypes cycle over the answers that get feedback: mostly thumbs, some ratings and
// implicit signals, so every number of the satisfaction panel is non-trivial.
var feedbackTypes = []string{"thumbs_up", "thumbs_up", "thumbs_down", "rating", "follow_up", "thumbs_up", "share", "rating", "save", "thumbs_down"}

// sendFeedbackAndFunnel posts feedback on two answers in five and walks every user through
// the default funnel, with fewer users at each later stage. Like an app, it posts the stages
// after the answer only: ai_query / response_received come from the calls themselves.
func sendFeedbackAndFunnel(t *testing.T, feedbackPort int, calls []call, now time.Time) (feedback, funnel int) {
	var fb []map[string]any
	for i, c := range calls {
		if i%5 >= 2 {
			continue
		}
		typ := feedbackTypes[(i/5)%len(feedbackTypes)]
		item := map[string]any{"tenant_id": demoTenant, "user_id": c.user, "response_id": c.responseID, "type": typ,
			"timestamp": minTime(c.end.Add(30*time.Second), now).Format(time.RFC3339Nano)}
		if typ == "rating" {
			item["rating"] = 1 + (i/50)%5
		}
		fb = append(fb, item)
	}
	// Every user walks the funnel after their first and after their last call, so recent
	// ranges have funnel data too.
	first, last := map[string]time.Time{}, map[string]time.Time{}
	var users []string
	for _, c := range calls {
		if _, ok := first[c.user]; !ok {
			users = append(users, c.user)
			first[c.user] = c.end
		}
		last[c.user] = c.end
	}
	var fn []map[string]any
	stages := []string{"ai_query", "response_received", "satisfied", "action_taken", "converted"}
	for u, user := range users {
		// user u reaches 2–5 stages: a leaky funnel with two clear bottlenecks.
		reach := 2 + []int{3, 1, 0, 2, 3, 1, 0, 1, 3, 2}[u%10]
		for _, start := range []time.Time{first[user], last[user]} {
			for s := 2; s < reach; s++ {
				fn = append(fn, map[string]any{"tenant_id": demoTenant, "user_id": user, "stage": stages[s],
					"timestamp": minTime(start.Add(time.Duration(s)*2*time.Minute), now).Format(time.RFC3339Nano)})
			}
		}
	}
	post(t, feedbackPort, "/v1/feedback", fb)
	post(t, feedbackPort, "/v1/funnel", fn)
	return len(fb), len(fn)
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// post sends items in requests of at most 500 (under the receiver's max_items).
func post(t *testing.T, port int, path string, items []map[string]any) {
	for start := 0; start < len(items); start += 500 {
		body, err := json.Marshal(items[start:min(start+500, len(items))])
		require.NoError(t, err)
		res, err := http.Post(fmt.Sprintf("http://127.0.0.1:%d%s", port, path), "application/json", bytes.NewReader(body))
		require.NoError(t, err)
		var answer bytes.Buffer
		_, _ = answer.ReadFrom(res.Body)
		res.Body.Close()
		require.Less(t, res.StatusCode, 300, "POST %s: %s", path, answer.String())
	}
}
