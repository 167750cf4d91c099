// Package feedback is the one model of user feedback and funnel events shared by the
// aifeedback receiver, the genaianalytics processor and the clickhouseanalytics exporter.
//
// Feedback travels through the collector as OTLP log records (event.name
// aianalytics.feedback / aianalytics.funnel) whose attributes are the keys of keys.go; the
// exporter reads them back with FeedbackFromLogRecord / FunnelFromLogRecord. Feedback the
// processor derives from spans (implicit follow-ups, funnel stages) travels on the span itself
// under aianalytics.followup.* / aianalytics.funnel.stages, read by DerivedFromSpan, because a
// traces pipeline cannot emit log records.
package feedback // import "github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
