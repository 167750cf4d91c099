package clickhouseanalyticsexporter

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// TestLentBuffersRoundTrip writes batches through lent column buffers (column_buffers.go) in
// the orders that could leak one batch's rows into another: a short batch after a long one,
// after a batch that was aborted or whose send failed (and is then retried), and batches
// inserted concurrently. ClickHouse must hold exactly the rows sent.
func TestLentBuffersRoundTrip(t *testing.T) {
	long, short, other := buffersTestEvents(0, 1_500), buffersTestEvents(1, 200), buffersTestEvents(2, 700)
	for _, tc := range []struct {
		name  string
		write func(t *testing.T, exp *analyticsExporter) (written []genai.Event)
	}{
		{"short batch after a long one", func(t *testing.T, exp *analyticsExporter) []genai.Event {
			require.NoError(t, exp.insertEvents(context.Background(), long))
			require.NoError(t, exp.insertEvents(context.Background(), short))
			return append(append([]genai.Event(nil), long...), short...)
		}},
		{"after an aborted batch", func(t *testing.T, exp *analyticsExporter) []genai.Event {
			batch := lentEventBatch(context.Background(), t, exp, long)
			require.NoError(t, batch.Abort())
			require.ErrorIs(t, batch.Send(), errBatchReturned)
			require.NoError(t, exp.insertEvents(context.Background(), short))
			return short
		}},
		{"retry after a failed send", func(t *testing.T, exp *analyticsExporter) []genai.Event {
			ctx, cancel := context.WithCancel(context.Background())
			batch := lentEventBatch(ctx, t, exp, long)
			cancel()
			require.Error(t, batch.Send())
			require.NoError(t, exp.insertEvents(context.Background(), short))
			require.NoError(t, exp.insertEvents(context.Background(), long))
			return append(append([]genai.Event(nil), short...), long...)
		}},
		{"concurrent batches", func(t *testing.T, exp *analyticsExporter) []genai.Event {
			var wg sync.WaitGroup
			for _, events := range [][]genai.Event{long, short, other} {
				wg.Go(func() {
					for i := range 3 { // assert, not require: not the test's goroutine
						assert.NoError(t, exp.insertEvents(context.Background(), events[i*len(events)/3:(i+1)*len(events)/3]))
					}
				})
			}
			wg.Wait()
			return append(append(append([]genai.Event(nil), long...), short...), other...)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			exp, db := newTestExporter(t)
			requireStoredEvents(t, exp, db, tc.write(t, exp))
		})
	}
}

// lentEventBatch prepares a genai_events batch with lent buffers and appends events to it.
func lentEventBatch(ctx context.Context, t *testing.T, exp *analyticsExporter, events []genai.Event) *bufferedBatch {
	t.Helper()
	prepared, err := exp.conn.PrepareBatch(ctx, "INSERT INTO "+quoteIdent(exp.cfg.Database)+".genai_events ("+eventColumnNames()+")")
	require.NoError(t, err)
	batch := exp.eventBuffers.lend(prepared)
	require.NoError(t, appendEventColumns(batch, events))
	return batch
}

// buffersTestEvents are n events whose values depend on salt (another salt: other ids,
// dictionary values, attribute keys and text lengths).
func buffersTestEvents(salt, n int) []genai.Event {
	pick := func(i, k int, from ...string) string { return from[(i*7+k*13+salt*5+i/5)%len(from)] }
	ts := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	events := make([]genai.Event, n)
	for i := range events {
		cost := float64(i%10) / 8
		ev := genai.Event{
			EventID:   uuid.NewSHA1(uuid.NameSpaceOID, fmt.Appendf(nil, "%d/%d", salt, i)),
			Timestamp: ts.Add(time.Duration(i) * time.Millisecond),
			TenantID:  pick(i, 1, "acme", "initech", "default"), UserID: fmt.Sprintf("u-%d-%d", salt, i%97),
			SessionID: fmt.Sprintf("s-%d", i), TraceID: fmt.Sprintf("%032x", i), SpanID: fmt.Sprintf("%016x", i),
			ServiceName: pick(i, 2, "bot", "search"), Provider: pick(i, 4, "openai", fmt.Sprintf("p%d", salt)),
			RequestModel: pick(i, 5, "a", "b", "", fmt.Sprintf("m%d", salt)), InputTokens: uint32(i + salt),
			CostSource: pick(i, 7, "builtin", "unknown"), LatencyMs: float64(i) / 8,
			Query:    strings.Repeat("q", (i+salt*50)%300),
			Response: strings.Repeat(string(rune('a'+salt)), (i*3+salt)%700), FinishReason: pick(i, 9, "stop", ""),
			Geography: pick(i, 16, "DE", "GB", fmt.Sprintf("X%d", salt)),
		}
		if i%3 != salt%3 {
			ev.CostUSD = &cost
		}
		if i%4 == salt {
			ev.AnomalyFlags = []string{pick(i, 17, "cost", "latency")}
		}
		attrs := map[string]string{}
		for k := range (i + salt) % 5 {
			attrs[pick(i+k, 18, "app.channel", fmt.Sprintf("k%d", salt), "user.id")] = pick(i, k, "1", "", fmt.Sprint(salt))
		}
		ev.OtherAttributes = genai.AttributesFromMap(attrs)
		events[i] = ev
	}
	return events
}
