package genaianalyticsprocessor

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// TestAttrRoomCoversEveryAddedKey: the room reserved for a span is at least what enrichment
// adds to it plus the follow-up and anomaly keys, so the attribute slice never grows again
// (a second reallocation doubles it), and not far above it (the point of sizing it).
func TestAttrRoomCoversEveryAddedKey(t *testing.T) {
	inputs := map[string]ptrace.Traces{}
	for _, dir := range []string{"semconv", "semconv_deprecated", "openllmetry", "openinference", "passthrough"} {
		td, err := golden.ReadTraces(filepath.Join("testdata", dir, "input.yaml"))
		require.NoError(t, err)
		inputs[dir] = td
	}
	for name, add := range map[string]func(ptrace.SpanSlice, int){
		"bench metadata": func(s ptrace.SpanSlice, i int) { benchMetadataSpan(s, i) },
		"bench content":  benchChatSpan,
	} {
		td := ptrace.NewTraces()
		add(td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty().Spans(), 1)
		inputs[name] = td
	}
	truncating := createDefaultConfig()
	truncating.Text.MaxLength = 10
	// An identity read from a key normalization writes is resolved after it, not before the
	// reservation.
	lateIdentity := createDefaultConfig()
	lateIdentity.Identity.UserSource.Attributes = []string{genai.KeyProviderName}
	configs := map[string]*Config{"default": createDefaultConfig(), "enrich only": enrichOnlyConfig(), "truncating": truncating,
		"late identity": lateIdentity}
	for inputName, input := range inputs {
		for cfgName, cfg := range configs {
			t.Run(inputName+"/"+cfgName, func(t *testing.T) {
				p, err := newGenAIProcessor(cfg, nopTelemetry())
				require.NoError(t, err)
				assert.Equal(t, cfg != lateIdentity, p.room.earlyIdentity)
				td := ptrace.NewTraces()
				input.CopyTo(td)
				var rooms, before, slack []int
				for resource, span := range genai.Spans(td) {
					a := indexAttrs(span.Attributes())
					dialect, ok := spanDialect(&a)
					if !ok || span.Events().Len() > 0 {
						rooms, before, slack = append(rooms, -1), append(before, 0), append(slack, 0)
						continue
					}
					text := extractText(&a, span.Events())
					var id spanIdentity
					if p.room.earlyIdentity { // as processSpan does
						id = p.resolveIdentity(&a, &batchResource{attrs: resource.Attributes()}, nil)
					}
					rooms = append(rooms, p.room.forSpan(p.room.normalizes(&a, dialect), text.callText, false, &id))
					before = append(before, span.Attributes().Len())
					s := 6
					if !p.room.earlyIdentity {
						s += p.room.identityFields
					}
					if dialect != dialectSemconv {
						s += normalizeMaxKeys // other dialects get the whole normalization bound
					}
					slack = append(slack, s)
				}
				_, err = p.processTraces(context.Background(), td)
				require.NoError(t, err)
				downstream := 0
				if cfg.Feedback.FollowUpWindow > 0 {
					downstream += followUpKeys
				}
				if cfg.Anomaly.Enabled {
					downstream++
				}
				i := 0
				for _, span := range genai.Spans(td) {
					if rooms[i] >= 0 {
						added := span.Attributes().Len() - before[i] + downstream
						assert.GreaterOrEqual(t, rooms[i], added, "span %d", i)
						assert.LessOrEqual(t, rooms[i], added+slack[i], "span %d: room far above what is added", i)
					}
					i++
				}
			})
		}
	}
}
