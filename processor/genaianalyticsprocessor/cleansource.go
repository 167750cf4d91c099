package genaianalyticsprocessor

import (
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// cleanSides says which of the query and the response need no redaction pass of their own,
// because the message attribute they were read from is clean (cleanSource).
type cleanSides struct {
	query, response bool
}

// note records the message attribute key (holding v) that redaction left unchanged.
func (c *cleanSides) note(key string, v pcommon.Value, text *spanText) {
	switch key {
	case genai.KeyInputMessages:
		c.query = cleanSource(v, text.inSource)
	case genai.KeyOutputMessages:
		c.response = cleanSource(v, text.outSource)
	}
}

// cleanSource reports whether text read from source needs no redaction: v, which redaction
// left unchanged, still holds source, and source has no backslash. Then every string the JSON
// walk returned is a verbatim substring of source between quotes, and the text is such
// strings joined by '\n' and trimmed. No detector match holds a quote or a newline, and each
// detector reads a quote, a newline or the space next to a trimmed end the way it reads the
// end of the text, so a match in the text would be a match in source: there is none.
// TestCleanSourceNeedsNoRedaction and FuzzCleanSourceNeedsNoRedaction check this.
func cleanSource(v pcommon.Value, source string) bool {
	return source != "" && v.Type() == pcommon.ValueTypeStr && v.Str() == source &&
		strings.IndexByte(source, '\\') < 0
}
