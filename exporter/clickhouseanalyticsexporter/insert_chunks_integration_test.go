package clickhouseanalyticsexporter

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
)

// A batch far larger than insertChunkBytes is written in several compressed chunks but is
// still one insert: one part of one block, every row and byte in it, and a retry of the same
// batch is deduplicated as a whole.
func TestLargeBatchIsOneBlock(t *testing.T) {
	exp, db := newTestExporter(t)
	const events = 3000
	response := strings.Repeat("The Pro plan costs $20 per user per month. ", 40) // ~1.7 KB
	rows := &spanRows{events: make([]genai.Event, events)}
	start := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	for i := range rows.events {
		rows.events[i] = genai.Event{
			EventID:   genai.EventIDFor([16]byte{byte(i), byte(i >> 8), 7}, [8]byte{byte(i), byte(i >> 8)}),
			Timestamp: start.Add(time.Duration(i) * time.Millisecond), TenantID: "acme",
			Query: fmt.Sprintf("question %d", i), Response: response,
		}
	}
	require.Greater(t, events*len(response), 4*insertChunkBytes)
	ctx := context.Background()
	require.NoError(t, exp.pushSpanRows(ctx, rows))
	require.NoError(t, exp.pushSpanRows(ctx, rows)) // a retry

	conn := chtest.Conn(t)
	var count, bytes uint64
	require.NoError(t, conn.QueryRow(ctx, "SELECT count(), sum(length(response)) FROM "+quoteIdent(db)+".genai_events").Scan(&count, &bytes))
	require.Equal(t, uint64(events), count)
	require.Equal(t, uint64(events*len(response)), bytes)
	type part struct {
		Rows   uint64 `ch:"rows"`
		Blocks int64  `ch:"blocks"`
	}
	var parts []part
	require.NoError(t, conn.Select(ctx, &parts, "SELECT rows, max_block_number - min_block_number + 1 AS blocks FROM system.parts WHERE database = ? AND table = 'genai_events' AND active", db))
	require.Equal(t, []part{{Rows: events, Blocks: 1}}, parts)
}
