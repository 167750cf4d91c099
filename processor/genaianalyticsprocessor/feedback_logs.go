package genaianalyticsprocessor

import (
	"context"
	"sync"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processorhelper"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.uber.org/zap"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/processor/genaianalyticsprocessor/internal/metadata"
)

// feedbackLogs is the logs path's feedback stage: it adds one canonical aianalytics.feedback
// record for every gen_ai.evaluation.result event and every application log record shaped like
// feedback (feedback.type attribute). Source records are left as they are, for other exporters.
type feedbackLogs struct {
	cfg      *Config
	rules    feedback.Rules
	logger   *zap.Logger
	records  metric.Int64Counter
	warnOnce sync.Once
}

func newFeedbackLogs(cfg *Config, set processor.Settings) (*feedbackLogs, error) {
	counter, err := set.MeterProvider.Meter(metadata.ScopeName).Int64Counter(
		"otelcol_processor_genaianalytics_feedback_records",
		metric.WithDescription("Feedback-shaped log records seen by the processor, by outcome (normalized, dropped)."),
		metric.WithUnit("{records}"))
	if err != nil {
		return nil, err
	}
	return &feedbackLogs{cfg: cfg, rules: feedback.NewRules(cfg.Feedback.CustomTypes, nil), logger: set.Logger, records: counter}, nil
}

func (p *feedbackLogs) processLogs(ctx context.Context, ld plog.Logs) (plog.Logs, error) {
	normalized, dropped := 0, 0
	rls := ld.ResourceLogs()
	for i := 0; i < rls.Len(); i++ {
		rl := rls.At(i)
		sls := rl.ScopeLogs()
		for j := 0; j < sls.Len(); j++ {
			lrs := sls.At(j).LogRecords()
			n := lrs.Len() // records appended below are not visited again
			for k := 0; k < n; k++ {
				f, decodeErrs, ok := p.normalize(lrs.At(k), rl.Resource())
				if !ok {
					continue
				}
				if errs := append(decodeErrs, p.check(&f)...); len(errs) > 0 {
					dropped++
					p.warnOnce.Do(func() {
						p.logger.Warn("dropping invalid feedback log records (counted in otelcol_processor_genaianalytics_feedback_records{outcome=dropped}; logged once)",
							zap.String("first_error", errs[0].Error()))
					})
					continue
				}
				f.ToLogRecord(lrs.AppendEmpty(), lrs.At(k).ObservedTimestamp().AsTime())
				normalized++
			}
		}
	}
	if normalized > 0 {
		p.records.Add(ctx, int64(normalized), metric.WithAttributes(attribute.String("outcome", "normalized")))
	}
	if dropped > 0 {
		p.records.Add(ctx, int64(dropped), metric.WithAttributes(attribute.String("outcome", "dropped")))
	}
	return ld, nil
}

// check validates what an app or evaluator sent: a known type, a rating in range, a link.
func (p *feedbackLogs) check(f *feedback.Feedback) []feedback.FieldError {
	var errs []feedback.FieldError
	if !p.rules.TypeAllowed(f.Type) {
		errs = append(errs, feedback.FieldError{Field: feedback.KeyAppType, Message: "unknown feedback type " + f.Type})
	}
	if f.Type == feedback.TypeRating && f.Rating == nil {
		errs = append(errs, feedback.FieldError{Field: feedback.KeyAppRating, Message: "rating 1-5 required for type rating"})
	}
	if f.ResponseID == "" && (f.TraceID == "" || f.SpanID == "") {
		errs = append(errs, feedback.FieldError{Field: genai.KeyResponseID, Message: "no response id and no trace/span id to link to"})
	}
	return errs
}

// normalize reads an evaluation event or feedback-shaped app record into the model; ok is
// false for every other record (including our own canonical ones, already normalized).
func (p *feedbackLogs) normalize(lr plog.LogRecord, res pcommon.Resource) (feedback.Feedback, []feedback.FieldError, bool) {
	a := lr.Attributes()
	name := lr.EventName()
	if name == "" {
		name = genai.Str(a, genai.KeyEventName)
	}
	var f feedback.Feedback
	var errs []feedback.FieldError
	switch {
	case name == feedback.EventNameEvaluation:
		f = evaluationFeedback(a)
	case name != genai.EventNameFeedback && name != genai.EventNameFunnel && genai.Str(a, feedback.KeyAppType) != "":
		f, errs = appFeedback(a)
	default:
		return feedback.Feedback{}, nil, false
	}
	f.ResponseID = genai.Str(a, genai.KeyResponseID)
	if !lr.TraceID().IsEmpty() {
		f.TraceID = lr.TraceID().String()
	}
	if !lr.SpanID().IsEmpty() {
		f.SpanID = lr.SpanID().String()
	}
	f.TenantID = identityOf(a, res.Attributes(), p.cfg.Identity.Tenant, p.cfg.DefaultTenant)
	f.UserID = identityOf(a, res.Attributes(), p.cfg.Identity.User, "")
	f.SessionID = identityOf(a, res.Attributes(), p.cfg.Identity.Session, "")
	ts := lr.Timestamp()
	if ts == 0 {
		ts = lr.ObservedTimestamp()
	}
	f.Timestamp = ts.AsTime().UTC()
	if f.Score == nil {
		f.Score = feedback.DefaultScore(f.Type, f.Rating)
	}
	f.AssignID(ts != 0)
	return f, errs, true
}

// evaluationFeedback maps an OTel gen_ai.evaluation.result event.
func evaluationFeedback(a pcommon.Map) feedback.Feedback {
	f := feedback.Feedback{Type: feedback.TypeEvaluation, Source: feedback.SourceEvaluation,
		Comment: genai.Str(a, feedback.KeyEvaluationExplained), Metadata: map[string]string{}}
	if v, ok := a.Get(feedback.KeyEvaluationScore); ok {
		if s, ok := genai.AsFloat(v); ok && s == s { // s == s drops NaN
			f.Score = &s
		}
	}
	if n := genai.Str(a, feedback.KeyEvaluationName); n != "" {
		f.Metadata["evaluation.name"] = n
	}
	if l := genai.Str(a, feedback.KeyEvaluationLabel); l != "" {
		f.Metadata["score.label"] = l
	}
	return f
}

// appFeedback maps a log record carrying feedback.type / feedback.rating / feedback.comment.
func appFeedback(a pcommon.Map) (feedback.Feedback, []feedback.FieldError) {
	f := feedback.Feedback{Type: genai.Str(a, feedback.KeyAppType), Source: feedback.SourceExplicit,
		Comment: genai.Str(a, feedback.KeyAppComment), EventID: genai.Str(a, feedback.KeyAppEventID),
		Metadata: map[string]string{}}
	if v, ok := a.Get(feedback.KeyAppRating); ok {
		r, ok := genai.AsInt(v)
		if !ok || r < 1 || r > 5 {
			return f, []feedback.FieldError{{Field: feedback.KeyAppRating, Message: "must be an integer 1-5, got " + v.AsString()}}
		}
		u := uint8(r)
		f.Rating = &u
	}
	return f, nil
}

// identityOf returns the first non-empty attribute of src on the record, then on the resource.
func identityOf(record, resource pcommon.Map, src KeySource, fallback string) string {
	for _, m := range []pcommon.Map{record, resource} {
		for _, k := range src.Attributes {
			if s := genai.Str(m, k); s != "" {
				return s
			}
		}
	}
	return fallback
}

// after runs the feedback normalization on what first (the rest of the logs path) returns.
func (p *feedbackLogs) after(first processorhelper.ProcessLogsFunc) processorhelper.ProcessLogsFunc {
	return func(ctx context.Context, ld plog.Logs) (plog.Logs, error) {
		ld, err := first(ctx, ld)
		if err != nil {
			return ld, err
		}
		return p.processLogs(ctx, ld)
	}
}
