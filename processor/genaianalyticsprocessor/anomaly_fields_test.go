package genaianalyticsprocessor

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// The one-pass readers of the anomaly and follow-up stages (which stop once every field is
// found) read what Map.Get reads: the first of duplicate keys (possible in OTLP data), in any
// position, with the other keys of a span around them.
func TestFieldReadersMatchMapGet(t *testing.T) {
	sampleKeys := []string{genai.KeyEventID, genai.KeyRequestModel, genai.KeyResponseModel, genai.KeyTenantID,
		genai.KeyProviderName, genai.KeyError, genai.KeyInputTokens, genai.KeyOutputTokens, genai.KeyZeroResult,
		genai.KeyUserID, genai.KeyLatencyMs, genai.KeyCostUSD}
	followUpKeys := []string{genai.KeyEventID, genai.KeyOperationName, genai.KeyTenantID, genai.KeyUserID,
		genai.KeySessionID, genai.KeyResponseID}
	others := []string{"aianalytics.query", "geo.country.iso_code", "gen_ai.request.max_tokens", "app.custom"}
	keys := append(append(append([]string(nil), sampleKeys...), followUpKeys...), others...)
	rng := rand.New(rand.NewPCG(5, 8))
	withDupes := 0
	for i := range 2000 {
		attrs := attributesWithDuplicates(t, rng, keys, rng.IntN(40))
		if len(attrs.AsRaw()) < attrs.Len() {
			withDupes++
		}
		samples := readSampleFields(attrs)
		for field, k := range sampleKeys {
			want, found := attrs.Get(k)
			require.Equal(t, found, samples.found[field], "case %d key %s", i, k)
			if found {
				require.Equal(t, want.AsRaw(), samples.values[field].AsRaw(), "case %d key %s", i, k)
			}
		}
		followUps := readFollowUpFields(attrs)
		for field, k := range followUpKeys {
			want, found := attrs.Get(k)
			require.Equal(t, found, followUps.found[field], "case %d key %s", i, k)
			if found {
				require.Equal(t, want.AsRaw(), followUps.values[field].AsRaw(), "case %d key %s", i, k)
			}
		}
		require.Equal(t, followUps.found[fieldEventID], followUps.analytics)
	}
	require.Greater(t, withDupes, 500, "too few cases with duplicate keys")
}

// attributesWithDuplicates is n attributes with keys drawn from keys (so some repeat) and
// distinct values, decoded from OTLP bytes as a receiver would (pdata's Put cannot repeat a
// key: each is written under a marker of its length, replaced in the encoded bytes).
func attributesWithDuplicates(t *testing.T, rng *rand.Rand, keys []string, n int) pcommon.Map {
	td := ptrace.NewTraces()
	attrs := td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty().Spans().AppendEmpty().Attributes()
	type marked struct{ marker, key string }
	var markers []marked
	for i := range n {
		key := keys[rng.IntN(len(keys))]
		marker := fmt.Sprintf("#%d#", i)
		marker += strings.Repeat("~", len(key)-len(marker))
		markers = append(markers, marked{marker, key})
		v := attrs.PutEmpty(marker)
		switch rng.IntN(4) {
		case 0:
			v.SetInt(int64(i))
		case 1:
			v.SetBool(i%2 == 0)
		case 2:
			v.SetDouble(float64(i) + 0.5)
		default:
			v.SetStr(fmt.Sprintf("v%d", i))
		}
	}
	buf, err := (&ptrace.ProtoMarshaler{}).MarshalTraces(td)
	require.NoError(t, err)
	for _, m := range markers {
		require.Equal(t, 1, bytes.Count(buf, []byte(m.marker)), "marker %q", m.marker)
		buf = bytes.Replace(buf, []byte(m.marker), []byte(m.key), 1)
	}
	out, err := (&ptrace.ProtoUnmarshaler{}).UnmarshalTraces(buf)
	require.NoError(t, err)
	return out.ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(0).Attributes()
}
