package genai

import "testing"

// processedSpanKeys are the attribute keys of a loadgen span after the processor, in order.
var processedSpanKeys = []string{
	"gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.request.model", "gen_ai.request.temperature",
	"gen_ai.request.max_tokens", "server.address", "server.port", "gen_ai.conversation.id", "tenant.id",
	"user.id", "session.id", "app.channel", "geo.country.iso_code", "aianalytics.user.segment",
	"gen_ai.input.messages", "gen_ai.response.model", "gen_ai.response.id", "gen_ai.usage.input_tokens",
	"gen_ai.usage.output_tokens", "gen_ai.usage.cache_read.input_tokens", "gen_ai.response.finish_reasons",
	"gen_ai.output.messages", "aianalytics.dialect", "aianalytics.event_id", "aianalytics.tenant.id",
	"aianalytics.user.id", "aianalytics.session.id", "aianalytics.user.source", "aianalytics.feature.version",
	"aianalytics.geo.country", "aianalytics.finish_reason", "aianalytics.error", "aianalytics.latency_ms",
	"aianalytics.cost.usd", "aianalytics.cost.source", "aianalytics.query.category", "aianalytics.zero_result",
	"aianalytics.query.fingerprint", "aianalytics.query", "aianalytics.response", "aianalytics.response.length",
}

// BenchmarkFieldOf classifies the keys of one processed span.
func BenchmarkFieldOf(b *testing.B) {
	keys := make([]string, len(processedSpanKeys))
	for i, k := range processedSpanKeys {
		keys[i] = string([]byte(k)) // not the constants: decoded keys share no pointer with them
	}
	var sink field
	for b.Loop() {
		for _, k := range keys {
			sink += fieldOf(k)
		}
	}
	_ = sink
}

// TestFieldTable: every key of fieldKeys finds its own field (no slot holds more than two
// keys), and keys that differ from one only where the hash does not look are not taken for it.
func TestFieldTable(t *testing.T) {
	perSlot := map[uint32]int{}
	for _, e := range fieldKeys {
		perSlot[fieldHash(e.key)]++
		if got := fieldOf(e.key); got != e.f {
			t.Errorf("fieldOf(%q) = %d, want %d", e.key, got, e.f)
		}
		for i := range len(e.key) {
			other := []byte(e.key)
			other[i] ^= 0x20
			if got := fieldOf(string(other)); got < numFields {
				t.Errorf("fieldOf(%q) = %d, want no field", other, got)
			}
		}
		if got := fieldOf(e.key + "x"); got < numFields {
			t.Errorf("fieldOf(%q) = %d, want no field", e.key+"x", got)
		}
	}
	for slot, n := range perSlot {
		if n > 2 {
			t.Errorf("slot %d holds %d keys, at most 2 fit", slot, n)
		}
	}
}
