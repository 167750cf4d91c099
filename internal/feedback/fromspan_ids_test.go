package feedback

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// appendUUID writes what uuid.UUID.String returns.
func TestAppendUUIDMatchesString(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ids := []uuid.UUID{{}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}
	for range 100 {
		var id uuid.UUID
		for i := range id {
			id[i] = byte(rng.Uint32())
		}
		ids = append(ids, id)
	}
	for _, id := range ids {
		assert.Equal(t, id.String(), string(appendUUID([]byte("x"), id))[1:])
	}
}

// The id and the gap of a follow-up row, cut from one string, are those computed apart.
func TestFollowUpIDAndGap(t *testing.T) {
	for _, tt := range []struct {
		name    string
		gap     any // nil: no gap attribute
		wantGap string
		hasGap  bool
	}{
		{"gap", 1500.5, "1500.5", true},
		{"integer gap", int64(42), "42", true},
		{"no gap", nil, "", false},
		{"unreadable gap", "soon", "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			span := ptrace.NewSpan()
			a := span.Attributes()
			a.PutStr(genai.KeyEventID, "ev-1")
			a.PutStr(genai.KeyTenantID, "acme")
			a.PutStr(KeyFollowUpResponseID, "r-1")
			a.PutStr(KeyFollowUpTraceID, "0102030405060708090a0b0c0d0e0f11")
			a.PutStr(KeyFollowUpSpanID, "0102030405060709")
			a.PutInt(KeyFollowUpTime, time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC).UnixNano())
			if tt.gap != nil {
				require.NoError(t, a.PutEmpty(KeyFollowUpGapMs).FromRaw(tt.gap))
			}
			fb, ok := FollowUpFromSpan(span)
			require.True(t, ok)
			assert.Equal(t, contentID("implicit_follow_up", "acme", "r-1", "0102030405060708090a0b0c0d0e0f11", "0102030405060709"),
				fb.EventID)
			gap, hasGap := fb.Metadata["gap_ms"]
			assert.Equal(t, tt.hasGap, hasGap)
			assert.Equal(t, tt.wantGap, gap)
			assert.NotNil(t, fb.Metadata)
		})
	}
}
