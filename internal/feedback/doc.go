// Package feedback is the one model of user feedback and funnel events shared by the
// aifeedback receiver, the genaianalytics processor and the clickhouseanalytics exporter.
//
// Feedback travels through the collector as OTLP log records (event.name
// aianalytics.feedback / aianalytics.funnel) whose attributes are the keys of keys.go; the
// exporter reads them back with FeedbackFromLogRecord / FunnelFromLogRecord. The implicit
// follow-ups the processor derives from spans travel on the span itself under
// aianalytics.followup.*, read by FollowUpFromSpan, because a traces pipeline cannot emit log
// records.
//
// The funnel stages ai_query and response_received are not stored: the analytics API derives
// them from genai_events when a funnel is queried (a query call with a user is ai_query at its
// start and, unless it failed, response_received at its end). genai_funnel_events holds the
// stages apps report.
package feedback // import "github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
