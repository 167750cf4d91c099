package clickhouseanalyticsexporter

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
)

// TestSpanRowsMergePastTheBatchSize: the batcher flushes a batch once it holds the batch size,
// mostly after a merge that went past it. That last merge must not regrow the batch either,
// whatever the request size, as long as the requests are alike.
func TestSpanRowsMergePastTheBatchSize(t *testing.T) {
	for _, perRequest := range []int{1, 33, 70, 100, 999} {
		t.Run(fmt.Sprintf("requests of %d", perRequest), func(t *testing.T) {
			batch := testRows(perRequest, 0, 0, "r0")
			batch.batchRows = 5000
			reserved := 0
			for i := 1; batch.ItemsCount() < batch.batchRows; i++ {
				_, err := batch.MergeSplit(context.Background(), 20000, exporterhelper.RequestSizerTypeItems, testRows(perRequest, 0, 0, fmt.Sprint("r", i)))
				require.NoError(t, err)
				if i == 1 {
					reserved = cap(batch.events)
				}
				require.Equal(t, reserved, cap(batch.events), "regrown at merge %d", i)
			}
		})
	}
}
