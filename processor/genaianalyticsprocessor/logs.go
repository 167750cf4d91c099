package genaianalyticsprocessor

import (
	"context"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/processor/genaianalyticsprocessor/internal/metadata"
)

// processLogs joins GenAI content log records with their spans (see README "Content in log
// records"). Every record passes on (content records redacted like span content); completed
// events for spans seen earlier are appended as records with event name aianalytics.genai_event.
func (p *genaiProcessor) processLogs(_ context.Context, ld plog.Logs) (plog.Logs, error) {
	if p.join == nil && !p.redactor.Enabled() && !p.cfg.Text.DropContent {
		return ld, nil
	}
	now := p.now()
	var completed []spanSnapshot
	for lr := range genai.LogRecords(ld) {
		pc, ok := contentOfLogRecord(lr)
		if !ok {
			continue
		}
		p.scrubContentRecord(lr)
		if p.join == nil {
			continue
		}
		if lr.TraceID().IsEmpty() || lr.SpanID().IsEmpty() {
			p.tel.count(p.tel.join, 1, "outcome", joinContentNoIDs)
			continue
		}
		if pc.empty() {
			continue
		}
		key := joinKey{lr.TraceID(), lr.SpanID()}
		if snap, known := p.join.addContent(now, key, pc); known {
			completed = replaceOrAppend(completed, snap)
		}
	}
	for i := range completed {
		p.emitCompleted(ld, &completed[i])
	}
	if p.join != nil {
		p.join.sweep(now)
	}
	return ld, nil
}

// scrubContentRecord applies redaction (and drop_content) to a content record passing on, so
// downstream exporters never see what the span's content attributes would not show.
func (p *genaiProcessor) scrubContentRecord(lr plog.LogRecord) {
	if p.cfg.Text.DropContent {
		lr.Body().SetEmptyMap()
		lr.Attributes().Remove(genai.KeyInputMessages)
		lr.Attributes().Remove(genai.KeyOutputMessages)
		lr.Attributes().Remove(genai.KeySystemInstructions)
		return
	}
	if !p.redactor.Enabled() {
		return
	}
	n := p.redactValue(lr.Body())
	for _, k := range [...]string{genai.KeyInputMessages, genai.KeyOutputMessages, genai.KeySystemInstructions} {
		if v, ok := lr.Attributes().Get(k); ok {
			n += p.redactValue(v)
		}
	}
	p.tel.count(p.tel.redacted, n, "where", "log")
}

// replaceOrAppend keeps one (the latest, most complete) snapshot per call in a batch.
func replaceOrAppend(list []spanSnapshot, s spanSnapshot) []spanSnapshot {
	for i := range list {
		if list[i].meta.traceID == s.meta.traceID && list[i].meta.spanID == s.meta.spanID {
			list[i] = s
			return list
		}
	}
	return append(list, s)
}

// contentOfLogRecord reads the messages of a GenAI content log record.
func contentOfLogRecord(lr plog.LogRecord) (pendingContent, bool) {
	name := lr.EventName()
	if name == "" {
		name = genai.Str(lr.Attributes(), genai.KeyEventName)
	}
	var pc pendingContent
	in := func(role, text string) { pc.in = append(pc.in, joinMessage{role, text}) }
	out := func(role, text string) { pc.out = append(pc.out, joinMessage{role, text}) }
	switch name {
	case eventSystemMessage, eventUserMessage, eventAssistantMessage, eventToolMessage:
		valueMessages(lr.Body(), roleOfEvent(name), in)
	case eventChoice:
		body := lr.Body()
		valueMessages(body, "assistant", out)
		if body.Type() == pcommon.ValueTypeMap {
			if fr, ok := body.Map().Get("finish_reason"); ok {
				pc.finish = fr.AsString()
			}
		}
	case eventOperationDetails:
		if v, ok := lr.Attributes().Get(genai.KeyInputMessages); ok {
			valueMessages(v, "user", in)
		}
		if v, ok := lr.Attributes().Get(genai.KeyOutputMessages); ok {
			valueMessages(v, "assistant", out)
		}
	default:
		return pendingContent{}, false
	}
	return pc, true
}

// emitCompleted appends the completed canonical event of a call whose span came first. It
// carries the span's start as timestamp, resource and ids, so the exporter writes a row with
// the same key and event id that replaces the span's earlier row.
func (p *genaiProcessor) emitCompleted(ld plog.Logs, snap *spanSnapshot) {
	rl := ld.ResourceLogs().AppendEmpty()
	snap.resource.copyTo(rl.Resource().Attributes())
	sl := rl.ScopeLogs().AppendEmpty()
	sl.Scope().SetName(metadata.ScopeName)
	lr := sl.LogRecords().AppendEmpty()
	lr.SetEventName(genai.EventNameGenAIEvent)
	lr.SetTimestamp(snap.meta.start)
	lr.SetObservedTimestamp(pcommon.NewTimestampFromTime(p.now()))
	lr.SetTraceID(snap.meta.traceID)
	lr.SetSpanID(snap.meta.spanID)
	attrs := lr.Attributes()
	snap.attrs.copyTo(attrs)
	a := indexAttrs(attrs)

	late := snap.late // set on every snapshot addContent returns
	text := snap.text
	late.content.fillText(&text)
	late.content.writeOnSpan(&a)
	noDocs := p.retrieval != nil && p.retrieval.emptyIn(p.now(), snap.meta.traceID)
	p.derive(&a, ptrace.NewSpanEventSlice(), spanText{callText: text}, noDocs)
	if len(late.anomalyFlags) > 0 {
		flags := attrs.PutEmptySlice(genai.KeyAnomalyFlags)
		flags.EnsureCapacity(len(late.anomalyFlags))
		for _, f := range late.anomalyFlags {
			flags.AppendEmpty().SetStr(f)
		}
	}
	p.tel.count(p.tel.join, 1, "outcome", joinLateEvent)
}
