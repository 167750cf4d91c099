package aifeedbackreceiver

import (
	"context"
	"errors"
	"net"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/receiver/receivertest"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/receiver/aifeedbackreceiver/internal/metadata"
)

// sumOf reads a counter the receiver's ObsReport recorded (0 when absent).
func sumOf(t *testing.T, tt *componenttest.Telemetry, name string) int64 {
	t.Helper()
	m, err := tt.GetMetric(name)
	if err != nil {
		return 0
	}
	sum, ok := m.Data.(metricdata.Sum[int64])
	require.True(t, ok, "%s is %T", name, m.Data)
	var total int64
	for _, dp := range sum.DataPoints {
		total += dp.Value
	}
	return total
}

func TestReceiverCountsAcceptedAndRefusedItems(t *testing.T) {
	tests := []struct {
		name                   string
		next                   consumer.Logs
		wantStatus             int
		wantAccepted, wantRefd int64
	}{
		{name: "accepted", next: consumertest.NewNop(), wantStatus: http.StatusAccepted, wantAccepted: 3},
		{name: "refused", next: consumertest.NewErr(errors.New("queue is full")), wantStatus: http.StatusServiceUnavailable, wantRefd: 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tt := componenttest.NewTelemetry()
			t.Cleanup(func() { require.NoError(t, tt.Shutdown(context.Background())) })
			l, err := net.Listen("tcp", "127.0.0.1:0")
			require.NoError(t, err)
			addr := l.Addr().String()
			require.NoError(t, l.Close())
			cfg := createDefaultConfig()
			cfg.NetAddr.Endpoint = addr
			set := receivertest.NewNopSettings(metadata.Type)
			set.TelemetrySettings = tt.NewTelemetrySettings()
			rcv, err := NewFactory().CreateLogs(context.Background(), set, cfg, tc.next)
			require.NoError(t, err)
			require.NoError(t, rcv.Start(context.Background(), componenttest.NewNopHost()))
			t.Cleanup(func() { require.NoError(t, rcv.Shutdown(context.Background())) })

			r := post(t, "http://"+addr+FeedbackPath, "application/json",
				[]byte(`[{"user_id":"u","response_id":"r","type":"save"},{"user_id":"u","response_id":"r","type":"share"},{"user_id":"u","response_id":"r","type":"copy_link_not_allowed"}]`), nil)
			require.Equal(t, http.StatusBadRequest, r.status, "an invalid request is not counted as received")
			r = post(t, "http://"+addr+FeedbackPath, "application/json",
				[]byte(`[{"user_id":"u","response_id":"r","type":"save"},{"user_id":"u","response_id":"r","type":"share"},{"user_id":"u","response_id":"r","type":"comment"}]`), nil)
			require.Equal(t, tc.wantStatus, r.status)
			assert.Equal(t, tc.wantAccepted, sumOf(t, tt, "otelcol_receiver_accepted_log_records"))
			assert.Equal(t, tc.wantRefd, sumOf(t, tt, "otelcol_receiver_refused_log_records"))
			assert.Equal(t, int64(1), sumOf(t, tt, "otelcol_receiver_aifeedback_rejected_requests"), "the 400")
		})
	}
}
