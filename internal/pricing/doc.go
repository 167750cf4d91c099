// Package pricing computes the USD cost of one GenAI call from its token usage: a built-in table
// of current models, per-model overrides, and the genai-prices JSON format as a pricing file.
//
// Token semantics follow OTel GenAI semconv: input tokens include cache-read and cache-write
// tokens, output tokens include reasoning tokens. Each part is priced once, at its own price.
package pricing // import "github.com/otelcol-aianalytics/otelcol-aianalytics/internal/pricing"
