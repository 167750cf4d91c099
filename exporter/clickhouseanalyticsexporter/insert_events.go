package clickhouseanalyticsexporter

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2"
	"go.opentelemetry.io/collector/consumer/consumererror"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// insertEvents writes one native-protocol batch. The deduplication token is derived from the
// batch's event ids, so a retry of the same batch is dropped by ClickHouse instead of doubled.
func (e *analyticsExporter) insertEvents(ctx context.Context, events []genai.Event) error {
	ctx = clickhouse.Context(ctx, clickhouse.WithSettings(clickhouse.Settings{
		"insert_deduplication_token": dedupToken(events),
	}))
	batch, err := e.conn.PrepareBatch(ctx, "INSERT INTO "+quoteIdent(e.cfg.Database)+".genai_events ("+eventColumnNames()+")")
	if err != nil {
		return fmt.Errorf("preparing genai_events insert: %w", classifyInsertError(err))
	}
	defer func() { _ = batch.Abort() }()
	if err := appendEventColumns(batch, events); err != nil {
		// Values the driver cannot encode will never encode: do not retry them forever.
		return consumererror.NewPermanent(fmt.Errorf("encoding %d genai_events rows: %w", len(events), err))
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("inserting %d rows into genai_events: %w", len(events), classifyInsertError(err))
	}
	return nil
}

func dedupToken(events []genai.Event) string {
	h := sha256.New()
	for i := range events {
		ev := &events[i]
		h.Write(ev.EventID[:])
		// The text-derived fields too: the processor re-emits an event under the same id when
		// its content arrives after the span (content join), and that completed row must not
		// be dropped as a duplicate of the span's row. A retry of the same batch still matches.
		fmt.Fprintf(h, "\x00%d:%s\x00%d:%s\x00%s\x00%t%s", len(ev.Query), ev.Query, len(ev.Response), ev.Response,
			ev.QueryCategory, ev.ZeroResult, ev.ZeroResultReason)
	}
	return hex.EncodeToString(h.Sum(nil))
}
