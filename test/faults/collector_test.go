//go:build faults

package faults

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"go.opentelemetry.io/collector/confmap"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/collectortest"
)

// defaultSections are taken verbatim from config/otelcol-aianalytics.yaml, so the scenarios
// prove the shipped queue, retry and memory settings rather than test-only ones.
var defaultSections = []string{
	"extensions::file_storage/queue",
	"processors::memory_limiter",
	"processors::genaianalytics",
	"exporters::clickhouseanalytics",
}

// rig is one collector under test: its ports and a data dir that survives restarts.
type rig struct {
	ch       *chInstance
	database string
	dataDir  string
	grpc     int
	health   int
	config   string
}

// newRig renders the collector config for a scenario; start launches it.
func newRig(t *testing.T, ch *chInstance, database string, logs bool) *rig {
	t.Helper()
	r := &rig{ch: ch, database: database, dataDir: t.TempDir(),
		grpc: collectortest.FreePort(t), health: collectortest.FreePort(t)}
	r.config = renderConfig(t, r.grpc, r.health, logs)
	return r
}

// start launches the binary on the rig's data dir (a restart replays its file queue).
func (r *rig) start(t *testing.T) *collectortest.Collector {
	t.Helper()
	return collectortest.Start(t, r.config, r.health,
		"CLICKHOUSE_ENDPOINT="+r.ch.endpoint(),
		"CLICKHOUSE_DATABASE="+r.database,
		"CLICKHOUSE_USER=default",
		"CLICKHOUSE_PASSWORD=",
		"AIANALYTICS_DATA_DIR="+r.dataDir,
	)
}

func renderConfig(t *testing.T, grpcPort, healthPort int, logs bool) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repoRoot, "config", "otelcol-aianalytics.yaml"))
	if err != nil {
		t.Fatalf("reading the default config: %v", err)
	}
	retrieved, err := confmap.NewRetrievedFromYAML(raw)
	if err != nil {
		t.Fatalf("parsing the default config: %v", err)
	}
	def, err := retrieved.AsConf()
	if err != nil {
		t.Fatalf("parsing the default config: %v", err)
	}
	section := func(key string) any {
		v := def.Get(key)
		if v == nil {
			t.Fatalf("default config has no %s", key)
		}
		return v
	}
	pipelines := map[string]any{
		"traces": map[string]any{
			"receivers":  []string{"otlp"},
			"processors": []string{"memory_limiter", "genaianalytics"},
			"exporters":  []string{"clickhouseanalytics"},
		},
	}
	if logs {
		pipelines["logs"] = map[string]any{
			"receivers":  []string{"otlp"},
			"processors": []string{"memory_limiter"},
			"exporters":  []string{"clickhouseanalytics"},
		}
	}
	cfg := map[string]any{
		"extensions": map[string]any{
			"health_check":       map[string]any{"endpoint": fmt.Sprintf("127.0.0.1:%d", healthPort)},
			"file_storage/queue": section(defaultSections[0]),
		},
		"receivers": map[string]any{"otlp": map[string]any{"protocols": map[string]any{
			"grpc": map[string]any{"endpoint": fmt.Sprintf("127.0.0.1:%d", grpcPort)},
		}}},
		"processors": map[string]any{
			"memory_limiter": section(defaultSections[1]),
			"genaianalytics": section(defaultSections[2]),
		},
		"exporters": map[string]any{"clickhouseanalytics": section(defaultSections[3])},
		"service": map[string]any{
			"extensions": []string{"health_check", "file_storage/queue"},
			"telemetry":  map[string]any{"metrics": map[string]any{"level": "none"}},
			"pipelines":  pipelines,
		},
	}
	// JSON is YAML: no YAML encoder needed.
	out, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		t.Fatalf("rendering the collector config: %v", err)
	}
	return string(out)
}
