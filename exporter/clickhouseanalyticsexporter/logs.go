package clickhouseanalyticsexporter

import (
	"context"
	"errors"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// logRecordRef is one routed log record with its resource.
type logRecordRef struct {
	Resource pcommon.Resource
	Scope    pcommon.InstrumentationScope
	Record   plog.LogRecord
}

// logRoute writes the records of one event name to its table.
type logRoute func(ctx context.Context, records []logRecordRef) error

// logRoutes maps event.name to the writer of its table. Log records with any other name are
// not analytics data (ordinary application logs share the pipeline) and are counted, not written.
func (e *analyticsExporter) logRoutes() map[string]logRoute {
	return map[string]logRoute{
		genai.EventNameGenAIEvent: e.writeEventLogs,
		genai.EventNameFeedback:   e.writeFeedbackLogs,
		genai.EventNameFunnel:     e.writeFunnelLogs,
	}
}

func (e *analyticsExporter) pushLogs(ctx context.Context, ld plog.Logs) error {
	routes := e.logRoutes()
	grouped := map[string][]logRecordRef{}
	rls := ld.ResourceLogs()
	for i := 0; i < rls.Len(); i++ {
		rl := rls.At(i)
		sls := rl.ScopeLogs()
		for j := 0; j < sls.Len(); j++ {
			sl := sls.At(j)
			lrs := sl.LogRecords()
			for k := 0; k < lrs.Len(); k++ {
				lr := lrs.At(k)
				name := eventName(lr)
				if _, ok := routes[name]; !ok {
					continue
				}
				grouped[name] = append(grouped[name], logRecordRef{Resource: rl.Resource(), Scope: sl.Scope(), Record: lr})
			}
		}
	}
	if len(grouped) == 0 {
		return nil
	}
	if err := e.ensureReady(ctx); err != nil {
		return err
	}
	var errs []error
	for name, records := range grouped {
		if err := routes[name](ctx, records); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// eventName reads event.name from the record attribute (or the record's EventName field).
func eventName(lr plog.LogRecord) string {
	if n := lr.EventName(); n != "" {
		return n
	}
	return genai.Str(lr.Attributes(), genai.KeyEventName)
}

// writeEventLogs writes GenAI events carried by log records (content joined after the span).
func (e *analyticsExporter) writeEventLogs(ctx context.Context, records []logRecordRef) error {
	events := make([]genai.Event, 0, len(records))
	for _, r := range records {
		if ev, ok := genai.EventFromLogRecord(r.Record, r.Resource); ok {
			events = append(events, ev)
		}
	}
	if len(events) == 0 {
		return nil
	}
	return e.insertEvents(ctx, events)
}
