package clickhouseanalyticsexporter

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"go.opentelemetry.io/collector/exporter/exporterhelper"
	"go.opentelemetry.io/collector/exporter/exporterhelper/xexporterhelper"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.uber.org/zap"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/anomaly"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// spanRows is what the traces queue holds: the rows a batch of spans becomes, converted as
// the spans arrive. A span with ~2 KB of messages and ~45 attributes is 6–8 KB of pdata but
// ~1 KB as a row, so queued and batched spans cost a fraction of the memory (and of the GC's
// marking work), and the pdata is free as soon as the pipeline returns.
type spanRows struct {
	events   []genai.Event
	alerts   []anomaly.Alert
	feedback []feedback.Feedback // implicit follow-ups
	// batchRows is the batch size (in rows) this request will likely be merged into: the
	// first merge reserves it, so a batch is built with one allocation instead of by repeated
	// doubling of ~0.5 KB events (11 % of the collector's allocated bytes before).
	batchRows int
	// bytes caches BytesSize (0 = not computed).
	bytes int
	// arrays recycles the events' array once these rows are merged into a batch or written
	// (event_arrays.go); ownsEvents: no other request shares that array, so it may be.
	arrays     *eventArrays
	ownsEvents bool
}

var (
	_ xexporterhelper.Request             = (*spanRows)(nil)
	_ xexporterhelper.RequestErrorHandler = (*spanRows)(nil)
	// errNotSpanRows: the batcher only merges requests of one exporter, so this means a bug.
	errNotSpanRows = errors.New("clickhouseanalytics: cannot merge a request of another type")
)

// rowsFromTraces converts spans into rows in one walk: GenAI calls into events, the
// processor's alert spans into anomalies, and the marked follow-ups into feedback. Other spans
// yield nothing.
func (e *analyticsExporter) rowsFromTraces(_ context.Context, td ptrace.Traces) (xexporterhelper.Request, error) {
	// Sized once: growing a slice of ~0.5 KB events by appends copied them repeatedly.
	rows := &spanRows{events: e.eventArrays.forRequest(td.SpanCount()), batchRows: e.batchRows(),
		arrays: &e.eventArrays, ownsEvents: true}
	bad := 0
	var firstBad error
	// The rows of a request are queued, batched and freed together: their attributes can
	// share arrays.
	var attrs genai.AttributeBuffer
	var texts textArena
	// The follow-ups (~0.3 a span, unknown until read) are collected in a scratch and copied to
	// an array of their size: appends from empty allocated ~3 times the final array per request.
	followUps := e.followUpScratch.Get().(*[]feedback.Feedback)
	defer e.putFollowUpScratch(followUps)
	for resource, span := range genai.Spans(td) {
		// An alert span that cannot be read is dropped and counted (it would never insert).
		if a, isAlert, err := anomaly.AlertFromSpan(span); isAlert {
			if err != nil {
				bad, firstBad = bad+1, cmp.Or(firstBad, err)
			} else {
				rows.alerts = append(rows.alerts, a)
			}
			continue
		}
		if ev, ok := genai.EventFromSpanWith(span, resource, &attrs); ok {
			texts.detach(&ev)
			if n := len(rows.events); n > 0 {
				shareWithPrevious(&ev, &rows.events[n-1])
			}
			rows.events = append(rows.events, ev)
		}
		if f, ok := feedback.FollowUpFromSpan(span); ok {
			*followUps = append(*followUps, f)
		}
	}
	if len(*followUps) > 0 {
		rows.feedback = slices.Clone(*followUps)
	}
	if bad > 0 {
		e.anomalyWarnOnce.Do(func() {
			e.logger.Warn("dropping unreadable anomaly alert spans (logged once)", zap.Int("count", bad), zap.Error(firstBad))
		})
	}
	return rows, nil
}

// putFollowUpScratch empties the scratch, so it pins no request's rows, and pools it.
func (e *analyticsExporter) putFollowUpScratch(s *[]feedback.Feedback) {
	clear(*s)
	*s = (*s)[:0]
	e.followUpScratch.Put(s)
}

// batchRows is the configured minimum batch size when batches are counted in rows.
func (e *analyticsExporter) batchRows() int {
	q := e.cfg.QueueSettings.Get()
	if q == nil || !q.Batch.HasValue() {
		return 0
	}
	b := q.Batch.Get()
	if b.Sizer != exporterhelper.RequestSizerTypeItems {
		return 0
	}
	return int(b.MinSize)
}

// pushSpanRows writes one batch: anomalies first (small), then events, then the derived rows.
// Every insert carries a deduplication token, so a retry of a partly written batch is safe.
func (e *analyticsExporter) pushSpanRows(ctx context.Context, req xexporterhelper.Request) error {
	rows, ok := req.(*spanRows)
	if !ok {
		return fmt.Errorf("clickhouseanalytics: unexpected request type %T", req)
	}
	if rows.ItemsCount() == 0 {
		return nil
	}
	if err := e.ensureReady(ctx); err != nil {
		return err
	}
	if len(rows.alerts) > 0 {
		if err := e.insertAnomalies(ctx, rows.alerts); err != nil {
			return err
		}
	}
	if len(rows.events) > 0 {
		if err := e.insertEvents(ctx, rows.events); err != nil {
			return rows.failedFrom(err, &spanRows{events: rows.events, feedback: rows.feedback})
		}
	}
	if err := e.queueFeedback(ctx, rows.feedback); err != nil {
		return rows.failedFrom(err, &spanRows{feedback: rows.feedback})
	}
	// Written: exporterhelper drops a request once its push succeeded (no retry, no queue
	// holds it any more), so its events' array can serve the next batch.
	rows.recycleEvents()
	return nil
}

// partialPushError is a failed push after some of its inserts went through: rest is what is
// left to write. The retry sends only rest (OnError), so a batch whose genai_feedback insert
// fails does not insert its genai_events rows again on every attempt.
type partialPushError struct {
	err  error
	rest *spanRows
}

func (e *partialPushError) Error() string { return e.err.Error() }
func (e *partialPushError) Unwrap() error { return e.err }

// failedFrom wraps err with rest when rest is less than the whole request.
func (r *spanRows) failedFrom(err error, rest *spanRows) error {
	if rest.rowCount() == r.rowCount() {
		return err
	}
	return &partialPushError{err: err, rest: rest}
}

// OnError gives exporterhelper's retry the rows a failed push did not write.
func (r *spanRows) OnError(err error) xexporterhelper.Request {
	if p := (*partialPushError)(nil); errors.As(err, &p) && p.rest != nil {
		return p.rest
	}
	return r
}

// ItemsCount is the request's size for the items sizer (sending_queue.queue_size and
// batch.min_size/max_size): its spans, one per GenAI call or alert. The feedback rows derived
// from those spans (follow-ups) ride along uncounted, so a batch of min_size items is that many
// genai_events rows, as documented, and the exporter's sent-spans metric counts spans. A
// request holding only derived rows counts them: the queue drops requests of size 0.
func (r *spanRows) ItemsCount() int {
	if spans := r.spanCount(); spans > 0 {
		return spans
	}
	return len(r.feedback)
}

func (r *spanRows) spanCount() int { return len(r.events) + len(r.alerts) }

// rowCount is every row of the request, counted or not, in cut order: events, alerts, feedback.
func (r *spanRows) rowCount() int { return r.spanCount() + len(r.feedback) }

// itemWeight is the i-th row's share of ItemsCount: feedback rows weigh nothing next to spans.
func (r *spanRows) itemWeight(i int) int {
	if spans := r.spanCount(); i >= spans && spans > 0 {
		return 0
	}
	return 1
}

// BytesSize approximates the rows' in-memory size (what the bytes sizer is for).
func (r *spanRows) BytesSize() int {
	if r.bytes == 0 {
		r.bytes = sumBytes(r.events, eventBytes) + sumBytes(r.alerts, alertBytes) +
			sumBytes(r.feedback, feedbackBytes)
	}
	return r.bytes
}

// MergeSplit fills r up to maxSize with other's first rows and cuts the rest of other into
// requests of at most maxSize items (or bytes). r's own rows all stay in the first request:
// the batcher acknowledges the current batch's queue entries with that request alone.
func (r *spanRows) MergeSplit(_ context.Context, maxSize int, szt exporterhelper.RequestSizerType, other xexporterhelper.Request) ([]xexporterhelper.Request, error) {
	var o *spanRows
	if other != nil {
		var ok bool
		if o, ok = other.(*spanRows); !ok {
			return nil, errNotSpanRows
		}
	}
	if maxSize <= 0 || szt == exporterhelper.RequestSizerTypeRequests {
		if o != nil {
			r.appendRows(o)
		}
		return []xexporterhelper.Request{r}, nil
	}
	sizeOf := (*spanRows).itemWeight
	if szt == exporterhelper.RequestSizerTypeBytes {
		sizeOf = (*spanRows).itemBytes
	}
	used := r.ItemsCount()
	if szt == exporterhelper.RequestSizerTypeBytes {
		used = r.BytesSize()
	}
	if o != nil && used > maxSize { // not from the batcher (its current batch fits): just cut
		r.appendRows(o)
		o = nil
	}
	rest := r
	var out []xexporterhelper.Request
	if o != nil {
		n := o.prefixFitting(maxSize-used, sizeOf, false)
		if n == o.rowCount() { // all of o fits: the batcher's usual merge, o is done with
			r.appendRows(o)
			return []xexporterhelper.Request{r}, nil
		}
		if n > 0 {
			head, tail := o.cut(n)
			r.appendRows(head)
			o = tail
		}
		out, rest = append(out, r), o
	}
	for {
		n := rest.prefixFitting(maxSize, sizeOf, true)
		if n == rest.rowCount() {
			return append(out, rest), nil
		}
		head, tail := rest.cut(n)
		out, rest = append(out, head), tail
	}
}

func (r *spanRows) appendRows(o *spanRows) {
	if need := len(r.events) + len(o.events); need > cap(r.events) {
		// The batcher flushes a batch once it holds batchRows, mostly after a merge that went
		// past them: room for one more request like o spares that merge regrowing the array
		// (a copy of the whole batch).
		grown := append(r.arrays.forBatch(max(need, r.batchRows+len(o.events), 2*cap(r.events))), r.events...)
		r.recycleEvents()
		r.events, r.ownsEvents = grown, true
	}
	r.events = append(r.events, o.events...)
	o.recycleEvents() // copied: o is done with (the batcher drops a request it merged)
	r.alerts = append(r.alerts, o.alerts...)
	if need := len(r.feedback) + len(o.feedback); need > cap(r.feedback) {
		r.feedback = slices.Grow(r.feedback, max(need, r.expectedFeedback(o), 2*cap(r.feedback))-len(r.feedback))
	}
	r.feedback = append(r.feedback, o.feedback...)
	r.bytes = 0
}

// expectedFeedback estimates how many follow-ups the batch r is built into will hold, called
// once o's spans are in r: the follow-ups per span so far, scaled to the batch size plus one
// more request like o (as appendRows reserves events), and an eighth more for the spread
// between requests. A batch of follow-ups only (the derived feedback queue's) counts them.
// 0 without a configured batch size.
func (r *spanRows) expectedFeedback(o *spanRows) int {
	if r.batchRows <= 0 {
		return 0
	}
	rows := len(r.feedback) + len(o.feedback)
	spans := r.spanCount()
	if spans == 0 {
		return r.batchRows + len(o.feedback)
	}
	expected := rows * (r.batchRows + o.spanCount()) / spans
	return expected + expected/8
}

// prefixFitting counts the leading rows whose total size stays within room; atLeastOne lets a
// single oversized row through alone (it could never be sent otherwise).
func (r *spanRows) prefixFitting(room int, sizeOf func(*spanRows, int) int, atLeastOne bool) int {
	n, size := 0, 0
	for total := r.rowCount(); n < total; n++ {
		s := sizeOf(r, n)
		if size+s > room && (n > 0 || !atLeastOne) {
			break
		}
		size += s
	}
	return n
}

// itemBytes is the approximate size of the i-th row in cut order.
func (r *spanRows) itemBytes(i int) int {
	switch {
	case i < len(r.events):
		return eventBytes(&r.events[i])
	case i < len(r.events)+len(r.alerts):
		return alertBytes(&r.alerts[i-len(r.events)])
	default:
		return feedbackBytes(&r.feedback[i-len(r.events)-len(r.alerts)])
	}
}

// cut splits off the first n items. The head's slices are capped (s[:k:k]) so appending to a
// head later reallocates instead of overwriting the tail's rows in the shared array.
func (r *spanRows) cut(n int) (head, tail *spanRows) {
	head, tail = &spanRows{batchRows: r.batchRows, arrays: r.arrays}, &spanRows{batchRows: r.batchRows, arrays: r.arrays}
	r.ownsEvents = false // head and tail share the array from now on
	n = cutSlice(&r.events, &head.events, &tail.events, n)
	n = cutSlice(&r.alerts, &head.alerts, &tail.alerts, n)
	cutSlice(&r.feedback, &head.feedback, &tail.feedback, n)
	return head, tail
}

// cutSlice moves the first n elements of *src into *head and the rest into *tail, and returns
// how many of n are still to take from the next slice.
func cutSlice[T any](src, head, tail *[]T, n int) int {
	k := min(n, len(*src))
	*head = (*src)[:k:k]
	*tail = (*src)[k:]
	return n - k
}

func sumBytes[T any](rows []T, size func(*T) int) int {
	total := 0
	for i := range rows {
		total += size(&rows[i])
	}
	return total
}

// rowOverhead approximates a row's fixed fields and headers.
const rowOverhead = 256

func eventBytes(ev *genai.Event) int {
	n := rowOverhead + len(ev.TenantID) + len(ev.UserID) + len(ev.SessionID) + len(ev.TraceID) +
		len(ev.SpanID) + len(ev.ServiceName) + len(ev.Query) + len(ev.Response) + len(ev.ResponseID)
	for _, a := range ev.OtherAttributes {
		n += len(a.Key) + len(a.Value) + 32
	}
	return n
}

func alertBytes(a *anomaly.Alert) int {
	return rowOverhead + len(a.Tenant) + len(a.Provider) + len(a.Model) + len(a.Description)
}

func feedbackBytes(f *feedback.Feedback) int {
	n := rowOverhead + len(f.EventID) + len(f.UserID) + len(f.SessionID) + len(f.ResponseID) + len(f.Comment)
	for k, v := range f.Metadata {
		n += len(k) + len(v) + 32
	}
	return n
}
