// Package analytics answers the product-analytics questions of otelcol-aianalytics from
// ClickHouse: one file per analysis, each a query with bound parameters ({name:Type} query
// parameters; identifiers only from validated configuration).
//
// Exactness: genai_events is a ReplacingMergeTree keyed by a deterministic event_id, and a
// replayed span or a late content-replacement row is a second physical row. Every analysis here
// reads the base tables with FINAL, so a duplicate never counts twice. The per-minute rollup
// (genai_events_1m) counts physical rows and is for approximate dashboards only.
package analytics // import "github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
