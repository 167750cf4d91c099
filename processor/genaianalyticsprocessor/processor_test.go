package genaianalyticsprocessor

import (
	"context"
	"flag"
	"path/filepath"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/golden"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/pdatatest/ptracetest"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/processor/genaianalyticsprocessor/internal/metadata"
)

var update = flag.Bool("update", false, "rewrite expected.yaml golden files")

// TestProcessTracesGolden runs each testdata/<case>/input.yaml through the processor and
// compares with expected.yaml (run with -update to regenerate, then review the diff).
func TestProcessTracesGolden(t *testing.T) {
	for _, name := range []string{"semconv", "semconv_deprecated", "passthrough"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("testdata", name)
			input, err := golden.ReadTraces(filepath.Join(dir, "input.yaml"))
			require.NoError(t, err)

			sink := new(consumertest.TracesSink)
			factory := NewFactory()
			proc, err := factory.CreateTraces(context.Background(),
				processortest.NewNopSettings(metadata.Type), factory.CreateDefaultConfig(), sink)
			require.NoError(t, err)
			require.NoError(t, proc.Start(context.Background(), componenttest.NewNopHost()))
			require.NoError(t, proc.ConsumeTraces(context.Background(), input))
			require.NoError(t, proc.Shutdown(context.Background()))
			require.Len(t, sink.AllTraces(), 1)
			actual := sink.AllTraces()[0]

			expectedPath := filepath.Join(dir, "expected.yaml")
			if *update {
				require.NoError(t, golden.WriteTraces(t, expectedPath, actual))
			}
			expected, err := golden.ReadTraces(expectedPath)
			require.NoError(t, err)
			require.NoError(t, ptracetest.CompareTraces(expected, actual))
		})
	}
}

// TestPassthroughUnchanged checks that a non-GenAI span leaves byte-identical.
func TestPassthroughUnchanged(t *testing.T) {
	input, err := golden.ReadTraces(filepath.Join("testdata", "passthrough", "input.yaml"))
	require.NoError(t, err)
	original, err := golden.ReadTraces(filepath.Join("testdata", "passthrough", "input.yaml"))
	require.NoError(t, err)
	p := newSpanProcessor(createDefaultConfig(), nil)
	out, err := p.processTraces(context.Background(), input)
	require.NoError(t, err)
	require.NoError(t, ptracetest.CompareTraces(original, out))
}
