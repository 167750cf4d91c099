// Package analyticsapiextension serves the AI product analytics of otelcol-aianalytics over
// HTTP: popular and zero-result queries, query clusters, satisfaction, the funnel, cohorts,
// cost segments and recommendations, and anomaly alerts, answered from ClickHouse by
// internal/analytics. Every request is scoped to one tenant (bound to the caller's API key)
// and a time range.
package analyticsapiextension // import "github.com/otelcol-aianalytics/otelcol-aianalytics/extension/analyticsapiextension"
