package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/collectortest"
)

// backpressureConfig: ClickHouse unreachable (a port nobody listens on) and a queue of two
// requests, so the queue fills after a few requests.
func backpressureConfig(p ports, deadEndpoint, queue string) string {
	return fmt.Sprintf(`
extensions:
  health_check: {endpoint: 127.0.0.1:%[3]d}
  file_storage/queue: {directory: ./queue, create_directory: true}
receivers:
  otlp:
    protocols:
      grpc: {endpoint: 127.0.0.1:%[1]d}
      http: {endpoint: 127.0.0.1:%[2]d}
processors:
  memory_limiter: {check_interval: 1s, limit_percentage: 80, spike_limit_percentage: 20}
  genaianalytics: {}
exporters:
  clickhouseanalytics:
    endpoint: %[5]s
    database: backpressure
    timeout: 1s
    sending_queue: {%[6]s}
service:
  extensions: [health_check, file_storage/queue]
  telemetry:
    metrics:
      readers:
        - pull: {exporter: {prometheus: {host: 127.0.0.1, port: %[4]d}}}
  pipelines:
    traces:
      receivers: [otlp]
      processors: [memory_limiter, genaianalytics]
      exporters: [clickhouseanalytics]
`, p.grpc, p.http, p.health, p.metrics, deadEndpoint, queue)
}

// TestFullQueueAnswersRetryable: with ClickHouse down and the queue full, OTLP clients must be
// told to retry (gRPC UNAVAILABLE, HTTP 503) — never accepted-then-dropped, never a permanent
// error that would make them discard the data.
func TestFullQueueAnswersRetryable(t *testing.T) {
	const requests = 12
	tests := []struct {
		name  string
		queue string
	}{
		{name: "memory queue", queue: "sizer: requests, queue_size: 2, num_consumers: 1"},
		{name: "file queue", queue: "storage: file_storage/queue, sizer: requests, queue_size: 2, num_consumers: 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPorts(t)
			dead := fmt.Sprintf("tcp://127.0.0.1:%d", collectortest.FreePort(t))
			col := collectortest.Start(t, backpressureConfig(p, dead, tt.queue), p.health)

			cc, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", p.grpc), grpc.WithTransportCredentials(insecure.NewCredentials()))
			require.NoError(t, err)
			defer cc.Close()
			client := ptraceotlp.NewGRPCClient(cc)
			grpcCodes := map[codes.Code]int{}
			for range requests {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				_, err := client.Export(ctx, ptraceotlp.NewExportRequestFromTraces(grpcChatTraces()))
				cancel()
				grpcCodes[status.Code(err)]++
			}

			httpStatuses := map[int]int{}
			body, err := ptraceotlp.NewExportRequestFromTraces(grpcChatTraces()).MarshalProto()
			require.NoError(t, err)
			for range requests {
				resp, err := http.Post(fmt.Sprintf("http://127.0.0.1:%d/v1/traces", p.http), "application/x-protobuf", bytes.NewReader(body))
				require.NoError(t, err)
				resp.Body.Close()
				httpStatuses[resp.StatusCode]++
			}
			t.Logf("gRPC codes %v, HTTP statuses %v", grpcCodes, httpStatuses)

			assert.Positive(t, grpcCodes[codes.Unavailable], "a full queue must answer gRPC UNAVAILABLE")
			assert.Equal(t, requests, grpcCodes[codes.OK]+grpcCodes[codes.Unavailable], "only OK or UNAVAILABLE, got %v", grpcCodes)
			assert.Equal(t, requests, httpStatuses[http.StatusServiceUnavailable], "the queue is still full: every HTTP request must get 503, got %v", httpStatuses)
			// Accepted requests fit in the queue (2) plus the one the consumer is retrying.
			assert.LessOrEqual(t, grpcCodes[codes.OK], 3, "more accepted than the queue can hold: data would be dropped")

			resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", p.health))
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, http.StatusOK, resp.StatusCode, "the collector stays healthy under back-pressure")
			assert.False(t, col.LogContains("panic"))
		})
	}
}
