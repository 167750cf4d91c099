package genaianalyticsprocessor

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/golden"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/pdatatest/plogtest"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor/processortest"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/processor/genaianalyticsprocessor/internal/metadata"
)

// feedbackInput holds one record of each shape the logs path meets.
func feedbackInput() plog.Logs {
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	rl.Resource().Attributes().PutStr("service.name", "support-bot")
	rl.Resource().Attributes().PutStr("tenant.id", "acme")
	lrs := rl.ScopeLogs().AppendEmpty().LogRecords()
	ts := pcommon.NewTimestampFromTime(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))

	eval := lrs.AppendEmpty()
	eval.SetEventName(feedback.EventNameEvaluation)
	eval.SetTimestamp(ts)
	eval.SetTraceID(pcommon.TraceID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
	eval.SetSpanID(pcommon.SpanID{1, 2, 3, 4, 5, 6, 7, 8})
	eval.Attributes().PutStr(feedback.KeyEvaluationName, "relevance")
	eval.Attributes().PutDouble(feedback.KeyEvaluationScore, 0.82)
	eval.Attributes().PutStr(feedback.KeyEvaluationLabel, "relevant")
	eval.Attributes().PutStr(feedback.KeyEvaluationExplained, "answers the pricing question")
	eval.Attributes().PutStr("gen_ai.response.id", "chatcmpl-1")

	app := lrs.AppendEmpty()
	app.SetTimestamp(ts)
	app.Body().SetStr("user rated the answer")
	app.Attributes().PutStr(feedback.KeyAppType, "rating")
	app.Attributes().PutInt(feedback.KeyAppRating, 2)
	app.Attributes().PutStr(feedback.KeyAppComment, "too vague")
	app.Attributes().PutStr("user.id", "u-7")
	app.Attributes().PutStr("session.id", "s-7")
	app.Attributes().PutStr("gen_ai.response.id", "chatcmpl-2")

	bad := lrs.AppendEmpty() // rating out of range: counted and dropped, record left alone
	bad.SetTimestamp(ts)
	bad.Attributes().PutStr(feedback.KeyAppType, "rating")
	bad.Attributes().PutInt(feedback.KeyAppRating, 9)
	bad.Attributes().PutStr("gen_ai.response.id", "chatcmpl-3")

	unknown := lrs.AppendEmpty() // unknown type: dropped
	unknown.SetTimestamp(ts)
	unknown.Attributes().PutStr(feedback.KeyAppType, "confetti")
	unknown.Attributes().PutStr("gen_ai.response.id", "chatcmpl-3")

	lrs.AppendEmpty().Body().SetStr("GET /health 200") // an ordinary log

	canonical := feedback.Feedback{EventID: "fb-1", Timestamp: ts.AsTime(), TenantID: "acme", UserID: "u-1",
		ResponseID: "chatcmpl-1", Type: feedback.TypeShare, Source: feedback.SourceExplicit}
	canonical.ToLogRecord(lrs.AppendEmpty(), ts.AsTime()) // from the receiver: untouched
	return ld
}

// TestFeedbackLogsMatchGolden: set UPDATE_GOLDEN=1 to rewrite testdata/feedback/expected.yaml.
func TestFeedbackLogsMatchGolden(t *testing.T) {
	cfg := createDefaultConfig()
	tel := componenttest.NewTelemetry()
	t.Cleanup(func() { require.NoError(t, tel.Shutdown(context.Background())) })
	set := processortest.NewNopSettings(metadata.Type)
	set.TelemetrySettings = tel.NewTelemetrySettings()
	p, err := newFeedbackLogs(cfg, set)
	require.NoError(t, err)
	got, err := p.processLogs(context.Background(), feedbackInput())
	require.NoError(t, err)
	m, err := tel.GetMetric("otelcol_processor_genaianalytics_feedback_records")
	require.NoError(t, err)
	outcomes := map[string]int64{}
	for _, dp := range m.Data.(metricdata.Sum[int64]).DataPoints {
		v, _ := dp.Attributes.Value("outcome")
		outcomes[v.AsString()] += dp.Value
	}
	require.Equal(t, map[string]int64{"normalized": 2, "dropped": 2}, outcomes)
	file := filepath.Join("testdata", "feedback", "expected.yaml")
	if os.Getenv("UPDATE_GOLDEN") == "1" {
		require.NoError(t, golden.WriteLogsToFile(file, got))
	}
	want, err := golden.ReadLogs(file)
	require.NoError(t, err)
	require.NoError(t, plogtest.CompareLogs(want, got))
	require.Equal(t, 8, got.LogRecordCount(), "6 inputs + 2 normalized records")
}

func TestCustomFeedbackTypeAccepted(t *testing.T) {
	cfg := createDefaultConfig()
	cfg.Feedback.CustomTypes = []string{"confetti"}
	p, err := newFeedbackLogs(cfg, processortest.NewNopSettings(metadata.Type))
	require.NoError(t, err)
	got, err := p.processLogs(context.Background(), feedbackInput())
	require.NoError(t, err)
	require.Equal(t, 9, got.LogRecordCount())
}
