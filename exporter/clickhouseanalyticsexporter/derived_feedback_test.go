package clickhouseanalyticsexporter

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"
	pdatarequest "go.opentelemetry.io/collector/pdata/xpdata/request"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
)

func derivedTestRows() []feedback.Feedback {
	at := time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC)
	return []feedback.Feedback{
		{EventID: "f-1", Timestamp: at, TenantID: "acme", SessionID: "s-1", ResponseID: "chatcmpl-1", Type: feedback.TypeFollowUp, Source: "implicit"},
		{EventID: "f-2", Timestamp: at.Add(time.Second), TenantID: "globex", ResponseID: "chatcmpl-2", Type: feedback.TypeFollowUp, Source: "implicit"},
	}
}

// The converter takes queueFeedback's rows from the context as they are, and otherwise reads
// feedback log records (dropping the unusable ones).
func TestDerivedFeedbackRows(t *testing.T) {
	exp := newAnalyticsExporter(createDefaultConfig(), nil)
	rows := derivedTestRows()
	req, err := exp.derivedFeedbackRows(context.WithValue(context.Background(), derivedRowsKey{}, rows), plog.NewLogs())
	require.NoError(t, err)
	require.Equal(t, rows, req.(*spanRows).feedback)
	require.Equal(t, 2, req.ItemsCount())

	ld := plog.NewLogs()
	records := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
	rows[0].ToLogRecord(records.AppendEmpty(), time.Now())
	records.AppendEmpty().Body().SetStr("not feedback")
	req, err = exp.derivedFeedbackRows(context.Background(), ld)
	require.NoError(t, err)
	require.Len(t, req.(*spanRows).feedback, 1)
	require.Equal(t, "f-1", req.(*spanRows).feedback[0].EventID)
}

// The derived queue stores rows as the traces queue does, and reads the OTLP log records that
// versions before row requests left in a persistent queue.
func TestDerivedFeedbackEncoding(t *testing.T) {
	exp := newAnalyticsExporter(createDefaultConfig(), nil)
	enc := derivedFeedbackEncoding{rows: spanRowsEncoding{exp: exp}}
	rows := derivedTestRows()

	data, err := enc.Marshal(context.Background(), &spanRows{feedback: rows})
	require.NoError(t, err)
	_, req, err := enc.Unmarshal(data)
	require.NoError(t, err)
	require.Equal(t, rows, req.(*spanRows).feedback)

	ld := plog.NewLogs()
	records := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
	for i := range rows {
		rows[i].ToLogRecord(records.AppendEmpty(), time.Now())
	}
	withContext, err := pdatarequest.MarshalLogs(context.Background(), ld)
	require.NoError(t, err)
	plain, err := (&plog.ProtoMarshaler{}).MarshalLogs(ld)
	require.NoError(t, err)
	for name, data := range map[string][]byte{"request format": withContext, "plain OTLP": plain} {
		t.Run(name, func(t *testing.T) {
			_, req, err := enc.Unmarshal(data)
			require.NoError(t, err)
			got := req.(*spanRows).feedback
			require.Len(t, got, len(rows))
			for i := range rows {
				require.Equal(t, rows[i].EventID, got[i].EventID)
				require.Equal(t, rows[i].TenantID, got[i].TenantID)
				require.Equal(t, rows[i].ResponseID, got[i].ResponseID)
				require.Equal(t, rows[i].Type, got[i].Type)
				require.True(t, rows[i].Timestamp.Equal(got[i].Timestamp))
			}
		})
	}
	_, _, err = enc.Unmarshal([]byte("not a queue record"))
	require.ErrorContains(t, err, "earlier version")
}
