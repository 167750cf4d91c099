package clickhouseanalyticsexporter

import (
	"github.com/ClickHouse/clickhouse-go/v2"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// eventInsertSettings are the query settings of one genai_events insert (insertEvents).
//
//   - insert_deduplication_token: derived from the batch's event ids (dedupToken), so a retry of
//     the same batch is dropped by ClickHouse instead of doubled.
//   - optimize_on_insert = 0: by default ClickHouse runs the ReplacingMergeTree merge over every
//     inserted block before writing it, which re-sorts and copies every column (the large query
//     and response strings included) to collapse duplicate event_ids that practically never
//     occur within one batch. Every exact analysis reads genai_events with FINAL, which collapses
//     duplicates across parts anyway (a replay or a late content row arrives in another batch),
//     so skipping it changes no result and saved ~15% of the server's insert CPU (issue 7,
//     BenchmarkServerCost). Materialized views see the inserted block either way.
func eventInsertSettings(events []genai.Event) clickhouse.Settings {
	return clickhouse.Settings{
		"insert_deduplication_token": dedupToken(events),
		"optimize_on_insert":         0,
	}
}
