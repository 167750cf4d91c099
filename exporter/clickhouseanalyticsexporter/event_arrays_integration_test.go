package clickhouseanalyticsexporter

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/exporter/exportertest"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/exporter/clickhouseanalyticsexporter/internal/metadata"
)

// TestRecycledArraysLoseNoRow sends many requests through the exporter as the factory builds
// it (queue, batcher, retries), so requests' and batches' events arrays are recycled and
// reused many times over: every row must land once, under its own tenant.
func TestRecycledArraysLoseNoRow(t *testing.T) {
	factory, cfg, conn := factoryOnTestDatabase(t)
	batch := cfg.QueueSettings.Get().Batch.Get()
	batch.MinSize, batch.MaxSize, batch.FlushTimeout = 10, 25, 20*time.Millisecond
	te, err := factory.CreateTraces(context.Background(), exportertest.NewNopSettings(metadata.Type), cfg)
	require.NoError(t, err)
	require.NoError(t, te.Start(context.Background(), componenttest.NewNopHost()))
	t.Cleanup(func() { require.NoError(t, te.Shutdown(context.Background())) })
	ctx := context.Background()

	const requests, perRequest = 36, 7
	for r := range requests {
		td := ptrace.NewTraces()
		ss := td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty()
		for i := range perRequest {
			analyticsSpan(ss, byte(r*perRequest+i), fmt.Sprintf("t%02d", r), "gpt-4o-mini", 1, 1, 0.001)
		}
		require.NoError(t, te.ConsumeTraces(ctx, td))
	}
	type tenantRows struct {
		Tenant string `ch:"tenant_id"`
		Rows   uint64 `ch:"rows"`
		Events uint64 `ch:"events"`
	}
	var got []tenantRows
	require.Eventually(t, func() bool {
		got = nil
		require.NoError(t, conn.Select(ctx, &got, "SELECT toString(tenant_id) AS tenant_id, count() AS rows, uniqExact(event_id) AS events FROM "+
			quoteIdent(cfg.Database)+".genai_events GROUP BY tenant_id ORDER BY tenant_id"))
		total := uint64(0)
		for _, g := range got {
			total += g.Rows
		}
		return total >= requests*perRequest
	}, 30*time.Second, 50*time.Millisecond)
	want := make([]tenantRows, requests)
	for r := range want {
		want[r] = tenantRows{Tenant: fmt.Sprintf("t%02d", r), Rows: perRequest, Events: perRequest}
	}
	require.Equal(t, want, got)
}
