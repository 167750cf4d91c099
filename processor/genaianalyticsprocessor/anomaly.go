package genaianalyticsprocessor

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/extension/xextension/storage"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/otel/metric"
	"go.uber.org/zap"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/anomaly"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/processor/genaianalyticsprocessor/internal/metadata"
)

// anomalyStage sits between the enrichment and the next consumer: it feeds every enriched
// GenAI span to the detector, flags the spans of series with an open alert, and sends alerts
// on as synthetic spans. A processorhelper processor cannot push data on its own, and windows
// must close (and outages be seen) when no span flows, so the stage keeps the next consumer
// and runs a ticker.
type anomalyStage struct {
	next     consumer.Traces
	detector *anomaly.Detector
	// onFlagged hands flagged spans back to the enrichment (the content join's snapshots).
	onFlagged func(ptrace.Span)
	tel       *anomalyTelemetry
	logger    *zap.Logger
	tick      time.Duration
	now       func() time.Time

	// Persistence (anomaly_state.go): optional storage extension.
	id          component.ID
	storageID   *component.ID
	checkpoints time.Duration
	client      storage.Client
	gauge       metric.Registration // the series gauge's callback

	running  atomic.Bool
	stopOnce sync.Once
	stop     chan struct{}
	done     chan struct{}
}

// withAnomaly builds the processor with the stage in front of next (when detection is on)
// and ties the stage's ticker to the processor's Start and Shutdown.
//
// onFlagged, when set, is told about every span the stage flagged (after the flags are on it).
func withAnomaly(set processor.Settings, cfg anomaly.Config, next consumer.Traces, onFlagged func(ptrace.Span),
	build func(next consumer.Traces) (processor.Traces, error),
) (processor.Traces, error) {
	if !cfg.Enabled {
		return build(next)
	}
	tel, err := newAnomalyTelemetry(set.TelemetrySettings)
	if err != nil {
		return nil, err
	}
	st := &anomalyStage{
		next: next, detector: anomaly.New(cfg), tel: tel, logger: set.Logger,
		tick: tickFor(cfg.Window), now: time.Now, onFlagged: onFlagged,
		id: set.ID, storageID: cfg.Storage, checkpoints: cfg.CheckpointInterval,
		stop: make(chan struct{}), done: make(chan struct{}),
	}
	if st.gauge, err = tel.observeSeries(st.detector); err != nil {
		return nil, err
	}
	inner, err := build(st)
	if err != nil {
		return nil, err
	}
	return &anomalyTraces{Traces: inner, stage: st}, nil
}

// tickFor checks for closed windows ten times per window, between every 50 ms and 1 s.
func tickFor(window time.Duration) time.Duration {
	return min(max(window/10, 50*time.Millisecond), time.Second)
}

// anomalyTraces is the processor with the stage's lifecycle added.
type anomalyTraces struct {
	processor.Traces
	stage *anomalyStage
}

func (p *anomalyTraces) Start(ctx context.Context, host component.Host) error {
	if err := p.Traces.Start(ctx, host); err != nil {
		return err
	}
	if err := p.stage.openStorage(ctx, host); err != nil {
		return err
	}
	p.stage.running.Store(true)
	go p.stage.run()
	return nil
}

func (p *anomalyTraces) Shutdown(ctx context.Context) error {
	return errors.Join(p.stage.shutdown(ctx), p.Traces.Shutdown(ctx))
}

func (s *anomalyStage) Capabilities() consumer.Capabilities {
	return consumer.Capabilities{MutatesData: true}
}

// ConsumeTraces observes and flags the GenAI spans, forwards the batch, then sends any alert
// its spans completed (a backfill closes windows as it goes).
func (s *anomalyStage) ConsumeTraces(ctx context.Context, td ptrace.Traces) error {
	now := s.now()
	var late, future int64
	for _, span := range genai.Spans(td) {
		fields := readSampleFields(span.Attributes())
		if !fields.analytics() {
			continue
		}
		flags, outcome := s.detector.Observe(sampleFromSpan(span, &fields), now)
		switch outcome {
		case anomaly.Late:
			late++
		case anomaly.Future:
			future++
		}
		if len(flags) > 0 {
			putFlags(span, flags)
			if s.onFlagged != nil {
				s.onFlagged(span)
			}
		}
	}
	s.tel.countSpans(late, future)
	err := s.next.ConsumeTraces(ctx, td)
	s.flush()
	return err
}

// putFlags adds the types to aianalytics.anomaly.flags, keeping flags already present.
func putFlags(span ptrace.Span, flags []anomaly.Type) {
	attrs := span.Attributes()
	existing := genai.StrSlice(attrs, genai.KeyAnomalyFlags)
	out := attrs.PutEmptySlice(genai.KeyAnomalyFlags)
	seen := make(map[string]struct{}, len(existing)+len(flags))
	for _, f := range existing {
		if _, dup := seen[f]; !dup {
			seen[f] = struct{}{}
			out.AppendEmpty().SetStr(f)
		}
	}
	for _, t := range flags {
		if _, dup := seen[t.String()]; !dup {
			seen[t.String()] = struct{}{}
			out.AppendEmpty().SetStr(t.String())
		}
	}
}

func (s *anomalyStage) run() {
	defer close(s.done)
	t := time.NewTicker(s.tick)
	defer t.Stop()
	var checkpoints <-chan time.Time // nil (never fires) without storage or interval
	if s.client != nil && s.checkpoints > 0 {
		c := time.NewTicker(s.checkpoints)
		defer c.Stop()
		checkpoints = c.C
	}
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.detector.Advance(s.now())
			s.flush()
		case <-checkpoints:
			_ = s.checkpoint() // logged inside
		}
	}
}

// flush sends the alerts raised since the last flush to the next consumer. Alerts are rare,
// so a failure is logged (and counted), not only counted.
func (s *anomalyStage) flush() {
	alerts, evicted := s.detector.Drain()
	s.tel.countEvicted(int64(evicted))
	if len(alerts) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := s.next.ConsumeTraces(ctx, anomaly.AlertsToTraces(alerts, metadata.ScopeName))
	s.tel.countAlerts(alerts, err == nil)
	if err != nil && s.logger != nil {
		s.logger.Warn("sending anomaly alerts failed", zap.Int("alerts", len(alerts)), zap.Error(err))
	}
}

func (s *anomalyStage) shutdown(ctx context.Context) error {
	s.stopOnce.Do(func() {
		close(s.stop)
		_ = s.gauge.Unregister()
	})
	if s.running.Load() {
		select {
		case <-s.done:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return s.closeStorage(ctx)
}
