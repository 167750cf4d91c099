package clickhouseanalyticsexporter

import (
	"context"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// tenantSpans are n analytics spans of tenant.
func tenantSpans(tenant string, n int) ptrace.Traces {
	td := ptrace.NewTraces()
	ss := td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty()
	for i := range n {
		analyticsSpan(ss, byte(i), tenant, "gpt-4o-mini", 10, 10, 0.001)
	}
	return td
}

func tenantsOf(events []genai.Event) map[string]int {
	out := map[string]int{}
	for i := range events {
		out[events[i].TenantID]++
	}
	return out
}

func arrayOf(events []genai.Event) *genai.Event { return unsafe.SliceData(events) }

// requireClearTail: the array's room past the rows holds nothing (a recycled array is cleared).
func requireClearTail(t *testing.T, events []genai.Event) {
	t.Helper()
	for i, ev := range events[len(events):cap(events)] {
		require.Zero(t, ev.TenantID, "stale row at %d", len(events)+i)
	}
}

// mergeInto merges other into batch as the batcher does and requires a single request back.
func mergeInto(t *testing.T, batch, other *spanRows) {
	t.Helper()
	out, err := batch.MergeSplit(context.Background(), 20_000, exporterhelper.RequestSizerTypeItems, other)
	require.NoError(t, err)
	require.Len(t, out, 1)
}

// TestRecycledEventArraysHoldNoEarlierRows: the arrays of merged requests and of written
// batches serve later requests and batches, which must hold their own rows only, while the
// rows copied out of a recycled array stay intact.
func TestRecycledEventArraysHoldNoEarlierRows(t *testing.T) {
	exp := newAnalyticsExporter(createDefaultConfig(), nil)
	convert := func(td ptrace.Traces) *spanRows {
		req, err := exp.rowsFromTraces(context.Background(), td)
		require.NoError(t, err)
		return req.(*spanRows)
	}
	batch := convert(tenantSpans("a", 5))
	batch.batchRows = 8
	reused := map[*genai.Event]bool{arrayOf(batch.events): true} // recycled as the batch grows
	// sync.Pool may drop what it is given (always under the race detector, now and then):
	// convert until a request got a recycled array.
	sawReuse := false
	for round := 0; round < 50 && !sawReuse; round++ {
		other := convert(tenantSpans("b", 5))
		reused[arrayOf(other.events)] = true
		mergeInto(t, batch, other)
		require.Nil(t, other.events, "a merged request keeps no reference to its recycled array")
		require.Equal(t, map[string]int{"a": 5, "b": 5 * (round + 1)}, tenantsOf(batch.events))

		next := convert(tenantSpans("c", 3))
		sawReuse = reused[arrayOf(next.events)]
		require.Equal(t, map[string]int{"c": 3}, tenantsOf(next.events))
		requireClearTail(t, next.events)
		require.Equal(t, map[string]int{"a": 5, "b": 5 * (round + 1)}, tenantsOf(batch.events))
	}
	require.True(t, sawReuse, "no request got a recycled array")

	// A written batch's array serves the next batch, emptied.
	sawReuse = false
	for round := 0; round < 50 && !sawReuse; round++ {
		written := arrayOf(batch.events)
		batch.recycleEvents() // what a successful pushSpanRows does
		require.Nil(t, batch.events)
		batch = convert(tenantSpans("d", 5))
		batch.batchRows = 8
		mergeInto(t, batch, convert(tenantSpans("e", 5)))
		sawReuse = arrayOf(batch.events) == written
		require.Equal(t, map[string]int{"d": 5, "e": 5}, tenantsOf(batch.events))
		require.Len(t, batch.events, 10)
		requireClearTail(t, batch.events)
	}
	require.True(t, sawReuse, "no batch got a written batch's array")
}

// TestCutRequestsKeepTheirArrays: the parts of a cut request share its array, so neither
// part, nor the request, recycles it: growing the head must leave the tail's rows alone.
func TestCutRequestsKeepTheirArrays(t *testing.T) {
	exp := newAnalyticsExporter(createDefaultConfig(), nil)
	req, err := exp.rowsFromTraces(context.Background(), tenantSpans("a", 6))
	require.NoError(t, err)
	rows := req.(*spanRows)
	out, err := rows.MergeSplit(context.Background(), 3, exporterhelper.RequestSizerTypeItems, nil)
	require.NoError(t, err)
	require.Len(t, out, 2)
	require.False(t, rows.ownsEvents)
	head, tail := out[0].(*spanRows), out[1].(*spanRows)
	tailArray := arrayOf(tail.events)

	for range 20 {
		more, err := exp.rowsFromTraces(context.Background(), tenantSpans("b", 4))
		require.NoError(t, err)
		mergeInto(t, head, more.(*spanRows)) // head grows into an array of its own
		head.recycleEvents()
		head = &spanRows{arrays: &exp.eventArrays, batchRows: head.batchRows}
		next, err := exp.rowsFromTraces(context.Background(), tenantSpans("c", 3))
		require.NoError(t, err)
		require.NotEqual(t, tailArray, arrayOf(next.(*spanRows).events), "the tail's array was recycled")
		require.Equal(t, map[string]int{"a": 3}, tenantsOf(tail.events))
	}
}
