package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestConfigTemplateKinds checks that both ours kinds render our pipeline and only
// ours-persistent (QueueDir set by run) gets the file_storage queue.
func TestConfigTemplateKinds(t *testing.T) {
	tests := []struct {
		kind, queueDir string
		want, notWant  []string
	}{
		{kind: "ours",
			want:    []string{"genaianalytics: {}", "clickhouseanalytics:", "exporters: [clickhouseanalytics]"},
			notWant: []string{"file_storage", "storage:", "extensions:", "clickhouse:\n"}},
		{kind: "ours-persistent", queueDir: "/work/q",
			want: []string{"genaianalytics: {}", "exporters: [clickhouseanalytics]",
				"file_storage/queue:\n    directory: /work/q", "storage: file_storage/queue", "extensions: [file_storage/queue]"},
			notWant: []string{"clickhouse:\n", "async_insert"}},
		{kind: "contrib",
			want:    []string{"clickhouse:\n    async_insert: true", "exporters: [clickhouse]"},
			notWant: []string{"genaianalytics", "clickhouseanalytics", "file_storage"}},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			spec := collectorSpec{Kind: tt.kind, QueueDir: tt.queueDir, Endpoint: "tcp://127.0.0.1:9000",
				Database: "bench_x", GRPCPort: 4317, AsyncInsert: true,
				Queue: queueSettings{QueueSize: 1000, NumConsumers: 2, BatchMin: 5000, BatchMax: 20000}}
			var cfg bytes.Buffer
			if err := configTemplate.Execute(&cfg, spec); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(cfg.String(), w) {
					t.Errorf("config lacks %q:\n%s", w, cfg.String())
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(cfg.String(), w) {
					t.Errorf("config has %q:\n%s", w, cfg.String())
				}
			}
		})
	}
}

func TestSinkTable(t *testing.T) {
	for kind, want := range map[string]string{
		"ours":            "`db`.genai_events",
		"ours-persistent": "`db`.genai_events",
		"contrib":         "`db`.otel_traces",
	} {
		if got := (sink{db: "db", kind: kind}).table(); got != want {
			t.Errorf("%s: table %q, want %q", kind, got, want)
		}
	}
}
