package clickhouseanalyticsexporter

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// TestDedupTokenKeepsItsFormat pins the token to the fmt-based hashing it replaced: a batch
// queued (and perhaps inserted) by an earlier version must get the same token on its retry.
func TestDedupTokenKeepsItsFormat(t *testing.T) {
	fmtToken := func(events []genai.Event) string {
		h := sha256.New()
		for i := range events {
			ev := &events[i]
			h.Write(ev.EventID[:])
			fmt.Fprintf(h, "\x00%d:%s\x00%d:%s\x00%s\x00%t%s", len(ev.Query), ev.Query, len(ev.Response), ev.Response,
				ev.QueryCategory, ev.ZeroResult, ev.ZeroResultReason)
		}
		return hex.EncodeToString(h.Sum(nil))
	}
	events := []genai.Event{
		{EventID: uuid.New(), Query: "how do I reset my password?", Response: "click \x00 here", QueryCategory: "account"},
		{EventID: uuid.New(), ZeroResult: true, ZeroResultReason: "phrase"},
		{EventID: uuid.New(), Query: "caf\xe9", Response: string(make([]byte, 5000))},
	}
	for n := range len(events) + 1 {
		assert.Equal(t, fmtToken(events[:n]), dedupToken(events[:n]))
	}
}

// TestKeyedDedupTokenKeepsItsFormat pins the keyed tables' token to the hashing it replaced,
// of one tenant + "\x00" + id string per row: a queued batch must keep its token on retry.
func TestKeyedDedupTokenKeepsItsFormat(t *testing.T) {
	stringsToken := func(table string, ids []string) string {
		h := sha256.New()
		h.Write([]byte(table))
		for _, id := range ids {
			h.Write([]byte{0})
			h.Write([]byte(id))
		}
		return hex.EncodeToString(h.Sum(nil))
	}
	rows := []feedback.Feedback{
		{TenantID: "acme", EventID: "fb-1"}, {TenantID: "", EventID: "fb-2"}, {TenantID: "t\x00x", EventID: ""},
	}
	for n := range len(rows) + 1 {
		var ids []string
		for _, f := range rows[:n] {
			ids = append(ids, f.TenantID+"\x00"+f.EventID)
		}
		assert.Equal(t, stringsToken(feedbackTable.name, ids), keyedDedupToken(feedbackTable, rows[:n]))
	}
}
