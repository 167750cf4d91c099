package clickhouseanalyticsexporter

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// TestFollowUpScratchKeepsRequestsApart: a request's follow-ups are collected in a pooled
// scratch and copied out. Converting the next request must neither change the rows of the
// previous one nor carry them over.
func TestFollowUpScratchKeepsRequestsApart(t *testing.T) {
	exp := newAnalyticsExporter(createDefaultConfig(), nil)
	convert := func(td ptrace.Traces) *spanRows {
		req, err := exp.rowsFromTraces(context.Background(), td)
		require.NoError(t, err)
		return req.(*spanRows)
	}
	responseIDs := func(rows *spanRows) []string {
		var ids []string
		for _, f := range rows.feedback {
			ids = append(ids, f.ResponseID)
		}
		return ids
	}
	first := convert(followUpTraces(1))
	require.Equal(t, []string{"chatcmpl-1"}, responseIDs(first))
	require.Equal(t, len(first.feedback), cap(first.feedback), "sized exactly")

	two := followUpTraces(2)
	followUpTraces(3).ResourceSpans().MoveAndAppendTo(two.ResourceSpans())
	second := convert(two)
	require.Equal(t, []string{"chatcmpl-2", "chatcmpl-3"}, responseIDs(second))
	require.Equal(t, []string{"chatcmpl-1"}, responseIDs(first), "the first request's rows are its own")

	without := ptrace.NewTraces()
	analyticsSpan(without.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty(), 4, "acme", "gpt-4o-mini", 10, 10, 0.001)
	third := convert(without)
	require.Len(t, third.events, 1)
	require.Nil(t, third.feedback)
	require.Equal(t, []string{"chatcmpl-2", "chatcmpl-3"}, responseIDs(second))
}

// TestSpanRowsMergeReservesFollowUps: the first merge reserves room for the follow-ups the
// batch will likely hold, so neither a traces batch (~0.3 follow-ups a span) nor a batch of
// the derived feedback queue (follow-ups only) is regrown by doubling, and all rows arrive.
func TestSpanRowsMergeReservesFollowUps(t *testing.T) {
	for _, c := range []struct {
		name              string
		events, followUps int
	}{{"traces", 70, 20}, {"derived", 0, 20}, {"traces, one follow-up a request", 100, 1}} {
		t.Run(c.name, func(t *testing.T) {
			request := func(i int) *spanRows {
				r := &spanRows{events: make([]genai.Event, c.events), batchRows: 5000}
				for j := range c.followUps {
					r.feedback = append(r.feedback, feedback.Feedback{EventID: fmt.Sprintf("r%d-f%d", i, j)})
				}
				return r
			}
			batch := request(0)
			want := len(batch.feedback)
			grown := 0
			for i := 1; batch.ItemsCount() < batch.batchRows; i++ {
				before := cap(batch.feedback)
				_, err := batch.MergeSplit(context.Background(), 20000, exporterhelper.RequestSizerTypeItems, request(i))
				require.NoError(t, err)
				want += c.followUps
				if cap(batch.feedback) != before && i > 1 {
					grown++
				}
			}
			require.Zero(t, grown, "regrown after the first merge")
			require.Len(t, batch.feedback, want)
			require.Equal(t, "r0-f0", batch.feedback[0].EventID)
			require.Equal(t, fmt.Sprintf("r1-f%d", c.followUps-1), batch.feedback[2*c.followUps-1].EventID)
			require.LessOrEqual(t, cap(batch.feedback), 2*want, "reserved within reason")
		})
	}
}
