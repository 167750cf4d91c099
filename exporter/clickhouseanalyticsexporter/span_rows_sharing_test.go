package clickhouseanalyticsexporter

import (
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

func TestShareWithPreviousSharesEqualStringsOnly(t *testing.T) {
	fresh := func(s string) string { return strings.Clone(s) }
	prev := genai.Event{Provider: "openai", RequestModel: "gpt-4o", OtherAttributes: genai.Attributes{{Key: "app.channel", Value: "web"}, {Key: "app.feature", Value: "search"}}}
	ev := genai.Event{Provider: fresh("openai"), RequestModel: "gpt-4o-mini", OtherAttributes: genai.Attributes{{Key: fresh("app.channel"), Value: fresh("web")}, {Key: fresh("app.feature"), Value: "chat"}}}
	want := ev
	want.OtherAttributes = append(genai.Attributes(nil), ev.OtherAttributes...)

	shareWithPrevious(&ev, &prev)

	assert.Equal(t, want, ev, "values unchanged")
	same := func(a, b string) bool { return unsafe.StringData(a) == unsafe.StringData(b) }
	assert.True(t, same(ev.Provider, prev.Provider))
	assert.True(t, same(ev.OtherAttributes[0].Key, prev.OtherAttributes[0].Key))
	assert.True(t, same(ev.OtherAttributes[0].Value, prev.OtherAttributes[0].Value))
	assert.True(t, same(ev.OtherAttributes[1].Key, prev.OtherAttributes[1].Key))
	assert.Equal(t, "chat", ev.OtherAttributes[1].Value)
	assert.Equal(t, "gpt-4o-mini", ev.RequestModel)
}
