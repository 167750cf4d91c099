// Package genai holds the one canonical GenAI analytics event shared by every component of
// otelcol-aianalytics: the attribute keys the processor writes on spans, and the Event the
// exporter turns into a ClickHouse row.
//
// The contract between the processor and the exporter is the span itself: the processor writes
// normalized values under current OTel GenAI semantic-convention names and derived values under
// the aianalytics.* namespace (see keys.go); the exporter reads only those keys. That keeps the
// span self-describing for any tracing backend further down the pipeline.
package genai // import "github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
