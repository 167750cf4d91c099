package genaianalyticsprocessor

import (
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
)

// Batches observed at once (each with its own sessions) share the scratch pool and the
// session state: every second query of a session is marked, whatever else runs (go test
// -race), and a reused scratch holds no span of an earlier batch.
func TestFollowUpsConcurrentBatches(t *testing.T) {
	f := newFollowUps(defaultFeedbackConfig())
	const workers, rounds = 4, 20
	var wg sync.WaitGroup
	marked := make([]int, workers)
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				td := ptrace.NewTraces()
				session := "s-" + strconv.Itoa(w) + "-" + strconv.Itoa(r)
				first := addCall(td, testCall{trace: byte(2 * r), user: "u", session: session, startSec: 0, durSec: 1, responseID: "r1"})
				second := addCall(td, testCall{trace: byte(2*r + 1), user: "u", session: session, startSec: 10, durSec: 1})
				f.observe(td)
				_, firstMarked := first.Attributes().Get(feedback.KeyFollowUpTime)
				_, secondMarked := second.Attributes().Get(feedback.KeyFollowUpTime)
				if !firstMarked && secondMarked {
					marked[w]++
				}
			}
		})
	}
	wg.Wait()
	for w := range workers {
		assert.Equal(t, rounds, marked[w], "worker %d", w)
	}
	scratch := f.takeScratch()
	for _, c := range scratch.calls[:cap(scratch.calls)] {
		assert.Equal(t, followUpCall{}, c, "a pooled scratch keeps no call")
	}
}
