package genaianalyticsprocessor

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/extension/xextension/storage"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/anomaly"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/processor/genaianalyticsprocessor/internal/metadata"
)

// memStorage is an in-process storage extension (the interface file_storage implements).
type memStorage struct {
	component.StartFunc
	component.ShutdownFunc
	mu      sync.Mutex
	data    map[string][]byte
	failGet bool
}

func (m *memStorage) GetClient(context.Context, component.Kind, component.ID, string) (storage.Client, error) {
	return memClient{m}, nil
}

type memClient struct{ m *memStorage }

func (c memClient) Get(_ context.Context, key string) ([]byte, error) {
	c.m.mu.Lock()
	defer c.m.mu.Unlock()
	if c.m.failGet {
		return nil, errors.New("disk on fire")
	}
	return c.m.data[key], nil
}

func (c memClient) Set(_ context.Context, key string, v []byte) error {
	c.m.mu.Lock()
	defer c.m.mu.Unlock()
	c.m.data[key] = v
	return nil
}

func (c memClient) Delete(_ context.Context, key string) error {
	c.m.mu.Lock()
	defer c.m.mu.Unlock()
	delete(c.m.data, key)
	return nil
}

func (memClient) Batch(context.Context, ...*storage.Operation) error { return errors.New("not used") }
func (memClient) Close(context.Context) error                        { return nil }

type notStorage struct {
	component.StartFunc
	component.ShutdownFunc
}

type hostWith struct {
	component.Host
	ext map[component.ID]component.Component
}

func (h hostWith) GetExtensions() map[component.ID]component.Component { return h.ext }

var storeID = component.MustNewIDWithName("file_storage", "anomaly")

// runWindows starts a processor on store, feeds windows [from, to) (slow ones from slowFrom)
// and shuts it down; it returns the alerts it sent.
func runWindows(t *testing.T, store *memStorage, from, to, slowFrom int) []anomaly.Alert {
	cfg := createDefaultConfig()
	cfg.Anomaly.WarmupWindows = 5
	cfg.Anomaly.Storage = &storeID
	sink := new(consumertest.TracesSink)
	proc, err := NewFactory().CreateTraces(context.Background(), processortest.NewNopSettings(metadata.Type), cfg, sink)
	require.NoError(t, err)
	stage := proc.(*anomalyTraces).stage
	clock := &fakeClock{now: anomalyT0}
	stage.now = clock.get
	require.NoError(t, proc.Start(context.Background(), hostWith{componenttest.NewNopHost(), map[component.ID]component.Component{storeID: store}}))
	for w := from; w < to; w++ {
		latency := time.Second
		if slowFrom >= 0 && w >= slowFrom {
			latency = 3 * time.Second
		}
		clock.set(anomalyT0.Add(time.Duration(w)*time.Minute + 2*time.Second))
		require.NoError(t, proc.ConsumeTraces(context.Background(), chatWindow(w, 30, latency)))
		clock.set(anomalyT0.Add(time.Duration(w+1)*time.Minute + cfg.Anomaly.GracePeriod))
		stage.detector.Advance(clock.get())
		stage.flush()
	}
	require.NoError(t, proc.Shutdown(context.Background()))
	var alerts []anomaly.Alert
	for _, td := range sink.AllTraces() {
		spans := td.ResourceSpans().At(0).ScopeSpans().At(0).Spans()
		for k := 0; k < spans.Len(); k++ {
			if a, ok, err := anomaly.AlertFromSpan(spans.At(k)); ok {
				require.NoError(t, err)
				alerts = append(alerts, a)
			}
		}
	}
	return alerts
}

// TestAnomalyStateSurvivesRestart: the first run learns and opens a latency alert, the second
// (same storage, an hour later) resolves it under the same id without warming up.
func TestAnomalyStateSurvivesRestart(t *testing.T) {
	store := &memStorage{data: map[string][]byte{}}
	first := runWindows(t, store, 0, 22, 20)
	require.Len(t, first, 1)
	require.NotEmpty(t, store.data[anomalyStateKey], "saved at shutdown")

	second := runWindows(t, store, 80, 84, -1)
	require.Len(t, second, 1, "only the resolution")
	assert.Equal(t, first[0].ID, second[0].ID)
	assert.True(t, second[0].Resolved())

	fresh := runWindows(t, &memStorage{data: map[string][]byte{}}, 80, 84, 83)
	assert.Empty(t, fresh, "without state, the same slow window falls in the warm-up")
	restored := runWindows(t, store, 90, 94, 93)
	require.Len(t, restored, 1, "with state, it is judged at once")
	assert.Equal(t, anomaly.TypeLatency, restored[0].Type)
}

func TestAnomalyStorageErrors(t *testing.T) {
	tests := []struct {
		name    string
		ext     map[component.ID]component.Component
		wantErr string
	}{
		{"missing extension", nil, "not found"},
		{"not a storage extension", map[component.ID]component.Component{storeID: notStorage{}}, "not a storage extension"},
		{"unreadable state", map[component.ID]component.Component{storeID: &memStorage{failGet: true}}, "disk on fire"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := createDefaultConfig()
			cfg.Anomaly.Storage = &storeID
			proc, err := NewFactory().CreateTraces(context.Background(), processortest.NewNopSettings(metadata.Type), cfg, new(consumertest.TracesSink))
			require.NoError(t, err)
			err = proc.Start(context.Background(), hostWith{componenttest.NewNopHost(), tt.ext})
			assert.ErrorContains(t, err, tt.wantErr)
			require.NoError(t, proc.Shutdown(context.Background()))
		})
	}
}
