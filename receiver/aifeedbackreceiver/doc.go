// Package aifeedbackreceiver implements the aifeedback receiver: an HTTP endpoint where apps and
// browsers post user feedback on AI responses (POST /v1/feedback) and product-funnel events
// (POST /v1/funnel). Every accepted item becomes an OTLP log record (event.name
// aianalytics.feedback or aianalytics.funnel) on the logs pipeline.
package aifeedbackreceiver // import "github.com/otelcol-aianalytics/otelcol-aianalytics/receiver/aifeedbackreceiver"
