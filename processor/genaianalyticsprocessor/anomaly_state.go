package genaianalyticsprocessor

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/extension/xextension/storage"
	"go.uber.org/zap"
)

// anomalyStateKey is the storage key of the detector's saved state.
const anomalyStateKey = "anomaly_state"

// openStorage connects to the configured storage extension and restores the saved state. A
// missing or wrong extension fails the start (a typo must not silently disable persistence);
// unreadable or incompatible state is logged and detection starts afresh.
func (s *anomalyStage) openStorage(ctx context.Context, host component.Host) error {
	if s.storageID == nil {
		return nil
	}
	ext, ok := host.GetExtensions()[*s.storageID]
	if !ok {
		return fmt.Errorf("anomaly.storage: extension %s not found in the service's extensions", s.storageID)
	}
	se, ok := ext.(storage.Extension)
	if !ok {
		return fmt.Errorf("anomaly.storage: extension %s is not a storage extension", s.storageID)
	}
	client, err := se.GetClient(ctx, component.KindProcessor, s.id, "anomaly")
	if err != nil {
		return fmt.Errorf("anomaly.storage: opening %s: %w", s.storageID, err)
	}
	data, err := client.Get(ctx, anomalyStateKey)
	if err != nil {
		// Keep no client: a shutdown checkpoint must not overwrite state we could not read.
		return errors.Join(fmt.Errorf("anomaly.storage: reading state: %w", err), client.Close(ctx))
	}
	s.client = client
	if data == nil {
		return nil
	}
	n, err := s.detector.RestoreState(data)
	if s.logger != nil {
		if err != nil {
			s.logger.Warn("anomaly state not restored; baselines warm up again", zap.Error(err))
		} else {
			s.logger.Info("anomaly state restored", zap.Int("series", n))
		}
	}
	return nil
}

// checkpoint saves the state; failures are logged (rare, and the next checkpoint retries).
func (s *anomalyStage) checkpoint() error {
	if s.client == nil {
		return nil
	}
	data, err := s.detector.MarshalState()
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err = s.client.Set(ctx, anomalyStateKey, data)
		cancel()
	}
	if err != nil {
		err = fmt.Errorf("saving anomaly state: %w", err)
		if s.logger != nil {
			s.logger.Warn("anomaly state checkpoint failed", zap.Error(err))
		}
	}
	return err
}

// closeStorage saves a last checkpoint and releases the client.
func (s *anomalyStage) closeStorage(ctx context.Context) error {
	if s.client == nil {
		return nil
	}
	err := errors.Join(s.checkpoint(), s.client.Close(ctx))
	s.client = nil
	return err
}
