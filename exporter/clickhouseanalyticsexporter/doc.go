// Package clickhouseanalyticsexporter writes the GenAI analytics events that the genaianalytics
// processor derives into ClickHouse tables, over the native protocol with columnar batch
// inserts. The schema is embedded as versioned .sql migrations and applied at start-up.
package clickhouseanalyticsexporter // import "github.com/otelcol-aianalytics/otelcol-aianalytics/exporter/clickhouseanalyticsexporter"
