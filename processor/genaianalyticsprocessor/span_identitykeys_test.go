package genaianalyticsprocessor

import (
	"fmt"
	"testing"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/loadgen"
)

// TestIdentityKeysFindsEveryKey checks the table against the slots a map would hold, with
// enough keys that probes collide.
func TestIdentityKeysFindsEveryKey(t *testing.T) {
	cfg := createDefaultConfig().Identity
	for i := range 40 {
		cfg.User.Attributes = append(cfg.User.Attributes, fmt.Sprintf("extra.user.%d", i))
	}
	cfg.Session.Attributes = append(cfg.Session.Attributes, "user.id") // one key, two fields
	fields := identityFields(cfg)
	want := map[string][]identitySlot{}
	for f, field := range fields {
		for prio, k := range field.src.Attributes {
			want[k] = append(want[k], identitySlot{field: f, prio: prio})
		}
	}
	table := newIdentityKeys(fields)
	for k, slots := range want {
		got, ok := table.slotsOf(k, keyHash(k))
		if !ok || fmt.Sprint(got) != fmt.Sprint(slots) {
			t.Errorf("slotsOf(%q) = %v, %v; want %v", k, got, ok, slots)
		}
	}
	for _, k := range []string{"", "user", "extra.user.40", "gen_ai.request.model"} {
		if _, ok := table.slotsOf(k, keyHash(k)); ok {
			t.Errorf("slotsOf(%q) found a key that is not configured", k)
		}
	}
}

// TestIndexAttrsWithIdentityMatchesCandidates: the one-pass candidates equal the resolver's own
// pass, on generated spans of every dialect.
func TestIndexAttrsWithIdentityMatchesCandidates(t *testing.T) {
	r := newIdentityResolver(createDefaultConfig().Identity)
	opts := loadgen.DefaultOptions()
	for _, d := range loadgen.AllDialects() {
		opts.Dialects = append(opts.Dialects, loadgen.DialectShare{Dialect: d, Weight: 1})
	}
	g, err := loadgen.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, span := range genai.Spans(g.Next(400)) {
		var c identityCandidates
		a := indexAttrsWithIdentity(span.Attributes(), r, &c)
		if want := r.candidates(span.Attributes()); c.val != want {
			t.Fatalf("candidates %q, want %q", c.val, want)
		}
		if plain := indexAttrs(span.Attributes()); plain != a {
			t.Fatalf("key filter differs from indexAttrs")
		}
	}
}
