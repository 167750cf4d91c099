package clickhouseanalyticsexporter

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

func TestEventInsertSettings(t *testing.T) {
	events := []genai.Event{{EventID: uuid.New(), Query: "q"}}
	s := eventInsertSettings(events)
	assert.Equal(t, dedupToken(events), s["insert_deduplication_token"])
	// Issue 7: no ReplacingMergeTree merge of each inserted block; reads use FINAL.
	assert.Equal(t, 0, s["optimize_on_insert"])
}
