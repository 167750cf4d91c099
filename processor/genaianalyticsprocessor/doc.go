// Package genaianalyticsprocessor recognizes GenAI spans in any supported dialect, normalizes
// them to the canonical attributes of internal/genai and derives the analytics fields (identity,
// query and response text, cost, zero-result, category, errors). Every other span passes
// through untouched.
package genaianalyticsprocessor // import "github.com/otelcol-aianalytics/otelcol-aianalytics/processor/genaianalyticsprocessor"
