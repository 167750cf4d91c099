package clickhouseanalyticsexporter

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
	"go.opentelemetry.io/collector/exporter/exporterhelper/xexporterhelper"
	"go.opentelemetry.io/collector/pdata/ptrace"
	pdatarequest "go.opentelemetry.io/collector/pdata/xpdata/request"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/anomaly"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

func testRows(events, alerts, fbs int, prefix string) *spanRows {
	r := &spanRows{}
	for i := range events {
		r.events = append(r.events, genai.Event{TenantID: "acme", Query: fmt.Sprintf("%s-q%d", prefix, i)})
	}
	for i := range alerts {
		r.alerts = append(r.alerts, anomaly.Alert{Tenant: "acme", Description: fmt.Sprintf("%s-a%d", prefix, i)})
	}
	for i := range fbs {
		r.feedback = append(r.feedback, feedback.Feedback{TenantID: "acme", EventID: fmt.Sprintf("%s-f%d", prefix, i)})
	}
	return r
}

// ids lists every row's identifying text in ItemsCount order.
func (r *spanRows) ids() []string {
	var out []string
	for _, e := range r.events {
		out = append(out, e.Query)
	}
	for _, a := range r.alerts {
		out = append(out, a.Description)
	}
	for _, f := range r.feedback {
		out = append(out, f.EventID)
	}
	return out
}

func TestSpanRowsMergeSplit(t *testing.T) {
	tests := []struct {
		name      string
		a, b      *spanRows
		maxSize   int
		sizer     exporterhelper.RequestSizerType
		wantSizes []int
	}{
		{"merge without limit", testRows(3, 1, 1, "a"), testRows(2, 0, 1, "b"), 0, exporterhelper.RequestSizerTypeItems, []int{6}},
		{"requests sizer never splits", testRows(3, 0, 0, "a"), testRows(3, 0, 0, "b"), 2, exporterhelper.RequestSizerTypeRequests, []int{6}},
		{"split across slices", testRows(3, 2, 2, "a"), nil, 3, exporterhelper.RequestSizerTypeItems, []int{3, 2}},
		{"full batch, then split the other", testRows(3, 0, 1, "a"), testRows(4, 1, 0, "b"), 4, exporterhelper.RequestSizerTypeItems, []int{4, 4}},
		{"fill the batch, then split the rest", testRows(1, 0, 1, "a"), testRows(5, 1, 1, "b"), 4, exporterhelper.RequestSizerTypeItems, []int{4, 3}},
		{"full batch, the other whole", testRows(4, 0, 1, "a"), testRows(4, 1, 0, "b"), 4, exporterhelper.RequestSizerTypeItems, []int{4, 4, 1}},
		{"oversized batch is cut too", testRows(5, 0, 1, "a"), testRows(4, 1, 0, "b"), 4, exporterhelper.RequestSizerTypeItems, []int{4, 4, 2}},
		{"feedback rides with the spans", testRows(4, 0, 3, "a"), nil, 4, exporterhelper.RequestSizerTypeItems, []int{4}},
		{"feedback after the last cut span", testRows(5, 0, 3, "a"), nil, 4, exporterhelper.RequestSizerTypeItems, []int{4, 1}},
		{"feedback alone is counted", testRows(0, 0, 3, "a"), nil, 2, exporterhelper.RequestSizerTypeItems, []int{2, 1}},
		{"exact fit", testRows(4, 0, 0, "a"), nil, 4, exporterhelper.RequestSizerTypeItems, []int{4}},
		{"empty", &spanRows{}, nil, 10, exporterhelper.RequestSizerTypeItems, []int{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.a.ids()
			var other xexporterhelper.Request
			if tt.b != nil {
				want = append(want, tt.b.ids()...)
				other = tt.b
			}
			out, err := tt.a.MergeSplit(context.Background(), tt.maxSize, tt.sizer, other)
			require.NoError(t, err)
			var got []string
			var sizes []int
			for _, req := range out {
				got = append(got, req.(*spanRows).ids()...)
				sizes = append(sizes, req.ItemsCount())
			}
			require.ElementsMatch(t, want, got, "every row exactly once")
			require.Equal(t, tt.wantSizes, sizes)
			if tt.b != nil && len(tt.a.ids()) <= tt.maxSize {
				// The batcher acknowledges the current batch with the first request only.
				require.Subset(t, out[0].(*spanRows).ids(), want[:len(want)-len(tt.b.ids())])
			}
		})
	}
}

func TestSpanRowsSplitByBytes(t *testing.T) {
	r := testRows(10, 0, 0, "x")
	per := eventBytes(&r.events[0])
	out, err := r.MergeSplit(context.Background(), 3*per, exporterhelper.RequestSizerTypeBytes, nil)
	require.NoError(t, err)
	require.Len(t, out, 4)
	for i, req := range out[:3] {
		require.LessOrEqual(t, req.BytesSize(), 3*per, "request %d", i)
	}
	require.Equal(t, 1, out[3].ItemsCount())
	// One row larger than the limit still goes out, alone.
	big := &spanRows{events: []genai.Event{{Response: string(make([]byte, 10*per))}}}
	out, err = big.MergeSplit(context.Background(), per, exporterhelper.RequestSizerTypeBytes, nil)
	require.NoError(t, err)
	require.Len(t, out, 1)
}

// A batch that was split must not share backing arrays with its neighbours: the batcher later
// merges more rows into the head, which would otherwise overwrite the tail's first rows.
func TestSpanRowsSplitHeadsDoNotAliasTails(t *testing.T) {
	out, err := testRows(6, 0, 0, "a").MergeSplit(context.Background(), 3, exporterhelper.RequestSizerTypeItems, nil)
	require.NoError(t, err)
	require.Len(t, out, 2)
	head, tail := out[0].(*spanRows), out[1].(*spanRows)
	_, err = head.MergeSplit(context.Background(), 0, exporterhelper.RequestSizerTypeItems, testRows(2, 0, 0, "late"))
	require.NoError(t, err)
	require.Equal(t, []string{"a-q3", "a-q4", "a-q5"}, tail.ids())
	require.Equal(t, []string{"a-q0", "a-q1", "a-q2", "late-q0", "late-q1"}, head.ids())
}

func TestSpanRowsMergeRejectsOtherTypes(t *testing.T) {
	_, err := testRows(1, 0, 0, "a").MergeSplit(context.Background(), 0, exporterhelper.RequestSizerTypeItems, otherRequest{})
	require.ErrorIs(t, err, errNotSpanRows)
}

type otherRequest struct{ xexporterhelper.Request }

func TestSpanRowsEncodingRoundTrip(t *testing.T) {
	cost := 0.0042
	rows := &spanRows{
		events: []genai.Event{{
			TenantID: "acme", UserID: "u-1", Timestamp: time.Date(2026, 11, 27, 1, 2, 3, 456789000, time.UTC),
			InputTokens: 12, CostUSD: &cost, Query: "¿Cuánto cuesta?", ZeroResult: true,
			AnomalyFlags: []string{"latency"}, OtherAttributes: genai.Attributes{{Key: "app.feature", Value: "search"}},
		}},
		alerts:   []anomaly.Alert{{Tenant: "acme", Expected: 1.5, Actual: 9, WindowStart: time.Unix(100, 0).UTC()}},
		feedback: []feedback.Feedback{{EventID: "f-1", TenantID: "acme", Type: feedback.TypeFollowUp}},
	}
	enc := spanRowsEncoding{exp: newAnalyticsExporter(createDefaultConfig(), nil)}
	data, err := enc.Marshal(context.Background(), rows)
	require.NoError(t, err)
	_, got, err := enc.Unmarshal(data)
	require.NoError(t, err)
	back := got.(*spanRows)
	require.Equal(t, rows.events, back.events)
	require.Equal(t, rows.alerts, back.alerts)
	require.Equal(t, rows.feedback, back.feedback)

	_, _, err = enc.Unmarshal(append(append([]byte{}, spanRowsMagic...), 0xff, 0x01))
	require.ErrorContains(t, err, "decoding queued rows")
}

// testdata/queue_record_v1.gob was queued by the version whose events held their attributes
// as a map (TestSpanRowsEncodingRoundTrip's rows, plus a second event with an empty map).
func TestSpanRowsEncodingReadsV1Records(t *testing.T) {
	data, err := os.ReadFile("testdata/queue_record_v1.gob")
	require.NoError(t, err)
	enc := spanRowsEncoding{exp: newAnalyticsExporter(createDefaultConfig(), nil)}
	_, req, err := enc.Unmarshal(data)
	require.NoError(t, err)
	rows := req.(*spanRows)
	require.Len(t, rows.events, 2)
	cost := 0.0042
	require.Equal(t, genai.Event{
		TenantID: "acme", UserID: "u-1", Timestamp: time.Date(2026, 11, 27, 1, 2, 3, 456789000, time.UTC),
		InputTokens: 12, CostUSD: &cost, Query: "¿Cuánto cuesta?", ZeroResult: true,
		AnomalyFlags:    []string{"latency"},
		OtherAttributes: genai.Attributes{{Key: "app.channel", Value: "web"}, {Key: "app.feature", Value: "search"}, {Key: "b"}},
	}, rows.events[0])
	require.Equal(t, "no attributes", rows.events[1].Query)
	require.Empty(t, rows.events[1].OtherAttributes)
	require.Len(t, rows.alerts, 1)
	require.Len(t, rows.feedback, 1)

	_, _, err = enc.Unmarshal(append(append([]byte{}, spanRowsMagicV1...), 0xff, 0x01))
	require.ErrorContains(t, err, "earlier version")
}

// Records queued by an earlier version hold the spans themselves: they are converted on read.
func TestSpanRowsEncodingReadsQueuedSpans(t *testing.T) {
	td := ptrace.NewTraces()
	rs := td.ResourceSpans().AppendEmpty()
	rs.Resource().Attributes().PutStr("service.name", "support-bot")
	ss := rs.ScopeSpans().AppendEmpty()
	analyticsSpan(ss, 1, "acme", "gpt-4o-mini", 12, 34, 0.0000222)
	ss.Spans().AppendEmpty().SetName("GET /plans")

	withContext, err := pdatarequest.MarshalTraces(context.Background(), td)
	require.NoError(t, err)
	plain, err := (&ptrace.ProtoMarshaler{}).MarshalTraces(td)
	require.NoError(t, err)

	enc := spanRowsEncoding{exp: newAnalyticsExporter(createDefaultConfig(), nil)}
	for name, data := range map[string][]byte{"request format": withContext, "plain OTLP": plain} {
		t.Run(name, func(t *testing.T) {
			_, req, err := enc.Unmarshal(data)
			require.NoError(t, err)
			rows := req.(*spanRows)
			require.Len(t, rows.events, 1)
			require.Equal(t, "acme", rows.events[0].TenantID)
			require.Equal(t, "support-bot", rows.events[0].ServiceName)
		})
	}
	_, _, err = enc.Unmarshal([]byte("not a queue record"))
	require.Error(t, err)
}

// The first merge reserves the configured batch size, so a batch of many small requests is
// built without regrowing.
func TestSpanRowsMergeReservesTheBatch(t *testing.T) {
	batch := testRows(100, 0, 0, "r0")
	batch.batchRows = 5000
	var reserved int
	for i := 1; i < 50; i++ {
		_, err := batch.MergeSplit(context.Background(), 20000, exporterhelper.RequestSizerTypeItems, testRows(100, 0, 0, fmt.Sprint("r", i)))
		require.NoError(t, err)
		if i == 1 {
			reserved = cap(batch.events)
			require.GreaterOrEqual(t, reserved, 5000)
		}
		require.Equal(t, reserved, cap(batch.events), "regrown at merge %d", i)
	}
	require.Equal(t, 5000, batch.ItemsCount())
}
