package clickhouseanalyticsexporter

import (
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// TestTextArenaDetach: detached texts equal the originals, share no memory with them (the
// messages they were cut from must be free to go), and stay intact as later rows fill and
// overflow the arena's chunks.
func TestTextArenaDetach(t *testing.T) {
	messages := `{"q":"How do I export?","r":"Open the menu.","f":"stop"}` + strings.Repeat("x", 3*maxTextChunk)
	rows := []genai.Event{
		{Query: messages[6:23], Response: messages[28:42], FinishReason: messages[49:53], ResponseID: "resp-1"},
		{}, // no text: nothing to copy
		{Query: "q", FinishReason: "length"},
		{Response: messages[60:], ResponseID: "larger than a chunk"},
	}
	for i := range 500 {
		rows = append(rows, genai.Event{Query: messages[:i%57], Response: messages[i : 2*i], ResponseID: "r"})
	}
	want := append([]genai.Event(nil), rows...)
	var arena textArena
	for i := range rows {
		arena.detach(&rows[i])
	}
	source := unsafe.StringData(messages)
	for i := range rows {
		assert.Equal(t, want[i], rows[i], "row %d", i)
		for _, s := range []string{rows[i].Query, rows[i].Response, rows[i].FinishReason} {
			if s != "" {
				offset := uintptr(unsafe.Pointer(unsafe.StringData(s))) - uintptr(unsafe.Pointer(source))
				assert.False(t, offset < uintptr(len(messages)), "row %d still points into the messages", i)
			}
		}
	}
	assert.LessOrEqual(t, arena.next, maxTextChunk)
}
