package genai

import (
	"crypto/sha1" //nolint:gosec // compared with uuid.NewHash, not a security use
	"math/rand/v2"
	"testing"

	"github.com/google/uuid"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// EventIDFor hashes without uuid.NewHash for speed; the ids are row keys, so they must stay
// exactly what NewHash gives.
func TestEventIDForMatchesUUIDNewHash(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	for i := 0; i < 10000; i++ {
		var trace pcommon.TraceID
		var span pcommon.SpanID
		for j := range trace {
			trace[j] = byte(rng.Uint32())
		}
		for j := range span {
			span[j] = byte(rng.Uint32())
		}
		if i == 0 {
			trace, span = pcommon.TraceID{}, pcommon.SpanID{}
		}
		name := append(append([]byte{}, trace[:]...), span[:]...)
		want := uuid.NewHash(sha1.New(), eventIDNamespace, name, 5)
		if got := EventIDFor(trace, span); got != want {
			t.Fatalf("EventIDFor(%x, %x) = %s, want %s", trace, span, got, want)
		}
	}
}
