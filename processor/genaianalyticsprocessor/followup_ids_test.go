package genaianalyticsprocessor

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// idTexts gives what TraceID.String and SpanID.String give, empty ids included, in one
// allocation.
func TestIDTextsMatchesString(t *testing.T) {
	traceIDs := []pcommon.TraceID{{}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0xff}}
	spanIDs := []pcommon.SpanID{{}, {0xab, 2, 3, 4, 5, 6, 7, 0}}
	for _, traceID := range traceIDs {
		for _, spanID := range spanIDs {
			gotTrace, gotSpan := idTexts(traceID, spanID)
			assert.Equal(t, traceID.String(), gotTrace)
			assert.Equal(t, spanID.String(), gotSpan)
		}
	}
	allocs := testing.AllocsPerRun(100, func() { idTexts(traceIDs[1], spanIDs[1]) })
	assert.InDelta(t, 1, allocs, 0)
}
