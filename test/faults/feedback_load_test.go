//go:build faults

package faults

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/plog/plogotlp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// feedbackTenant keeps the sent feedback apart from follow-ups the processor derives from spans.
const feedbackTenant = "faults-feedback"

// feedbackLoader sends explicit feedback as OTLP log records (the logs pipeline, table
// genai_feedback) next to the span load, retrying refused requests like loader does.
type feedbackLoader struct {
	client plogotlp.GRPCClient
	conn   *grpc.ClientConn

	mu       sync.Mutex
	ids      map[string]bool
	accepted int64
	retries  int64
	givenUp  int64
	giveUp   time.Time

	stopOnce sync.Once
	stopCh   chan struct{}
	wg       sync.WaitGroup
}

// startFeedback sends perSecond feedback records per second in requests of 20.
func startFeedback(t *testing.T, grpcPort int, perSecond int, seed uint64) *feedbackLoader {
	t.Helper()
	cc, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", grpcPort), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatalf("gRPC client: %v", err)
	}
	f := &feedbackLoader{client: plogotlp.NewGRPCClient(cc), conn: cc, ids: map[string]bool{}, stopCh: make(chan struct{})}
	const perRequest = 20
	every := time.Second * perRequest / time.Duration(perSecond)
	f.wg.Go(func() {
		tick := time.NewTicker(every)
		defer tick.Stop()
		for n := 0; ; n++ {
			select {
			case <-f.stopCh:
				return
			case <-tick.C:
			}
			f.send(feedbackRequest(seed, n, perRequest))
		}
	})
	t.Cleanup(func() { f.stop(); _ = cc.Close() })
	return f
}

func feedbackRequest(seed uint64, n, size int) plog.Logs {
	ld := plog.NewLogs()
	lrs := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
	now := time.Now().UTC()
	for i := range size {
		rating := uint8(1 + (n+i)%5)
		fb := feedback.Feedback{
			EventID: fmt.Sprintf("fb-%d-%d-%d", seed, n, i), Timestamp: now, TenantID: feedbackTenant,
			UserID: fmt.Sprintf("u-%d", i), ResponseID: fmt.Sprintf("resp-%d-%d", n, i),
			Type: feedback.TypeRating, Rating: &rating, Source: feedback.SourceExplicit,
		}
		fb.ToLogRecord(lrs.AppendEmpty(), now)
	}
	return ld
}

// send retries one request until it is accepted, or until drainTimeout after stop.
func (f *feedbackLoader) send(ld plog.Logs) {
	req := plogotlp.NewExportRequestFromLogs(ld)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		resp, err := f.client.Export(ctx, req)
		cancel()
		f.mu.Lock()
		if err == nil && resp.PartialSuccess().RejectedLogRecords() == 0 {
			f.accepted += int64(ld.LogRecordCount())
			lrs := ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
			for i := 0; i < lrs.Len(); i++ {
				f.ids[genai.Str(lrs.At(i).Attributes(), genai.KeyEventID)] = true
			}
			f.mu.Unlock()
			return
		}
		f.retries++
		late := !f.giveUp.IsZero() && time.Now().After(f.giveUp)
		if late {
			f.givenUp += int64(ld.LogRecordCount())
		}
		f.mu.Unlock()
		if late {
			return
		}
		time.Sleep(retryPause)
	}
}

// stop ends production; the request in flight is retried for at most drainTimeout.
func (f *feedbackLoader) stop() {
	f.stopOnce.Do(func() {
		f.mu.Lock()
		f.giveUp = time.Now().Add(drainTimeout)
		f.mu.Unlock()
		close(f.stopCh)
	})
	f.wg.Wait()
}

func (f *feedbackLoader) expected() map[string]bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]bool, len(f.ids))
	for id := range f.ids {
		out[id] = true
	}
	return out
}
