// Package anomalysim measures the anomaly detector's quality: it generates days of
// daily-shaped GenAI traffic with noise, injects labelled incidents (rate spike, error burst,
// latency, outage, one user's cost burst, zero-result surge), runs them through the detector
// in simulated time and scores precision, recall and detection delay per type.
package anomalysim // import "github.com/otelcol-aianalytics/otelcol-aianalytics/internal/anomaly/anomalysim"
