package aifeedbackreceiver

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componentstatus"
	"go.opentelemetry.io/collector/config/confighttp"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/receiver"
	"go.opentelemetry.io/collector/receiver/receiverhelper"
	"go.opentelemetry.io/otel/metric"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/receiver/aifeedbackreceiver/internal/metadata"
)

// Paths served by the receiver.
const (
	FeedbackPath = "/v1/feedback"
	FunnelPath   = "/v1/funnel"
)

type feedbackReceiver struct {
	cfg      *Config
	settings receiver.Settings
	next     consumer.Logs
	obsrep   *receiverhelper.ObsReport
	rejected metric.Int64Counter
	decoder  decoder

	server *http.Server
	wg     sync.WaitGroup
}

func newFeedbackReceiver(cfg *Config, set receiver.Settings, next consumer.Logs) (*feedbackReceiver, error) {
	obsrep, err := receiverhelper.NewObsReport(receiverhelper.ObsReportSettings{
		ReceiverID:             set.ID,
		Transport:              "http",
		ReceiverCreateSettings: set,
	})
	if err != nil {
		return nil, fmt.Errorf("creating receiver telemetry: %w", err)
	}
	rejected, err := set.MeterProvider.Meter(metadata.ScopeName).Int64Counter(
		"otelcol_receiver_aifeedback_rejected_requests",
		metric.WithDescription("Requests refused before reaching the pipeline (bad input, auth, size), by endpoint and status."),
		metric.WithUnit("{request}"))
	if err != nil {
		return nil, fmt.Errorf("creating rejected-requests counter: %w", err)
	}
	return &feedbackReceiver{cfg: cfg, settings: set, next: next, obsrep: obsrep, rejected: rejected, decoder: newDecoder(cfg)}, nil
}

func (r *feedbackReceiver) Start(ctx context.Context, host component.Host) error {
	mux := http.NewServeMux()
	mux.HandleFunc(FeedbackPath, r.handleFeedback)
	mux.HandleFunc(FunnelPath, r.handleFunnel)
	server, err := r.cfg.ServerConfig.ToServer(ctx, host.GetExtensions(), r.settings.TelemetrySettings, mux,
		confighttp.WithErrorHandler(writeMiddlewareError))
	if err != nil {
		return fmt.Errorf("creating HTTP server on %s: %w", r.cfg.NetAddr.Endpoint, err)
	}
	listener, err := r.cfg.ServerConfig.ToListener(ctx)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", r.cfg.NetAddr.Endpoint, err)
	}
	r.server = server
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		if err := server.Serve(listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
			componentstatus.ReportStatus(host, componentstatus.NewFatalErrorEvent(err))
		}
	}()
	return nil
}

func (r *feedbackReceiver) Shutdown(ctx context.Context) error {
	if r.server == nil {
		return nil
	}
	err := r.server.Shutdown(ctx)
	r.wg.Wait()
	return err
}
