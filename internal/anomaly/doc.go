// Package anomaly detects anomalies in the stream of GenAI calls: per (tenant, provider,
// model) series and per tenant overall, it aggregates calls into fixed windows keyed by the
// calls' own timestamps, keeps a self-updating EWMA baseline per metric, and when a window
// closes runs the spike, drop, error_rate, latency, cost and zero_result detectors. An
// incident becomes one Alert (opened, later resolved); memory is bounded by an LRU over series.
//
// The Detector is driven by two calls: Observe for each call and Advance from a ticker, both
// taking the current wall time, so the same code runs live and in simulated time.
package anomaly // import "github.com/otelcol-aianalytics/otelcol-aianalytics/internal/anomaly"
