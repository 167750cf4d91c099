package clickhouseanalyticsexporter

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
)

func feedbackLogs(items ...feedback.Feedback) plog.Logs {
	ld := plog.NewLogs()
	lrs := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
	for i := range items {
		items[i].ToLogRecord(lrs.AppendEmpty(), time.Now())
	}
	return ld
}

func countFinal(t *testing.T, exp *analyticsExporter, db, table string) (final, raw uint64) {
	t.Helper()
	ctx := context.Background()
	require.NoError(t, exp.conn.QueryRow(ctx, "SELECT count() FROM "+quoteIdent(db)+"."+table+" FINAL").Scan(&final))
	require.NoError(t, exp.conn.QueryRow(ctx, "SELECT count() FROM "+quoteIdent(db)+"."+table).Scan(&raw))
	return final, raw
}

func TestFeedbackAndFunnelLogsLandInTheirTables(t *testing.T) {
	exp, db := newTestExporter(t)
	ts := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	four := uint8(4)
	rating := feedback.Feedback{EventID: "fb-1", Timestamp: ts, TenantID: "acme", UserID: "u-1", SessionID: "s-1",
		ResponseID: "chatcmpl-1", TraceID: "5b8efff798038103d269b633813fc60c", SpanID: "eee19b7ec3c1b174",
		Type: feedback.TypeRating, Rating: &four, Score: feedback.DefaultScore(feedback.TypeRating, &four),
		Comment: "close, but the price is wrong", Source: feedback.SourceExplicit, Metadata: map[string]string{"page": "/pricing"}}
	share := feedback.Feedback{Timestamp: ts, TenantID: "acme", UserID: "u-1", ResponseID: "chatcmpl-1",
		Type: feedback.TypeShare, Source: feedback.SourceExplicit}
	share.AssignID(true)

	ld := feedbackLogs(rating, share)
	// Ordinary application logs share the pipeline and must be ignored.
	ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().AppendEmpty().Body().SetStr("GET /health 200")
	funnel := feedback.FunnelEvent{EventID: "fn-1", Timestamp: ts.Add(time.Minute), TenantID: "acme", UserID: "u-1",
		SessionID: "s-1", Stage: feedback.StageConverted, Details: map[string]string{"plan": "pro"}}
	funnel.ToLogRecord(ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().AppendEmpty(), time.Now())

	require.NoError(t, exp.pushLogs(context.Background(), ld))

	type fbRow struct {
		ID, Tenant, User, Session, Response, Trace, Span, Type, Comment, Source string
		Rating                                                                  *uint8
		Score                                                                   *float64
		Meta                                                                    map[string]string
		TS                                                                      time.Time
	}
	rows, err := exp.conn.Query(context.Background(), `SELECT event_id, tenant_id, user_id, session_id, response_id,
		trace_id, span_id, type, comment, source, rating, score, metadata, timestamp
		FROM `+quoteIdent(db)+`.genai_feedback FINAL ORDER BY type`)
	require.NoError(t, err)
	var got []fbRow
	for rows.Next() {
		var r fbRow
		require.NoError(t, rows.Scan(&r.ID, &r.Tenant, &r.User, &r.Session, &r.Response, &r.Trace, &r.Span, &r.Type,
			&r.Comment, &r.Source, &r.Rating, &r.Score, &r.Meta, &r.TS))
		got = append(got, r)
	}
	require.NoError(t, rows.Err())
	require.Len(t, got, 2)
	three := 0.75
	assert.Equal(t, fbRow{ID: "fb-1", Tenant: "acme", User: "u-1", Session: "s-1", Response: "chatcmpl-1",
		Trace: "5b8efff798038103d269b633813fc60c", Span: "eee19b7ec3c1b174", Type: "rating",
		Comment: "close, but the price is wrong", Source: "explicit", Rating: &four, Score: &three,
		Meta: map[string]string{"page": "/pricing"}, TS: ts}, got[0])
	assert.Equal(t, "share", got[1].Type)
	assert.Nil(t, got[1].Rating)
	assert.Equal(t, share.EventID, got[1].ID)

	var stage, plan string
	require.NoError(t, exp.conn.QueryRow(context.Background(), "SELECT stage, details['plan'] FROM "+quoteIdent(db)+
		".genai_funnel_events FINAL WHERE event_id = ?", "fn-1").Scan(&stage, &plan))
	assert.Equal(t, "converted", stage)
	assert.Equal(t, "pro", plan)
}

// TestResentFeedbackIsStoredOnce: an exporter retry of the same batch is dropped by the
// deduplication token; the same event resent in another batch (other neighbours, later) is a
// second physical row that FINAL collapses.
func TestResentFeedbackIsStoredOnce(t *testing.T) {
	exp, db := newTestExporter(t)
	ts := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	up := feedback.Feedback{EventID: "client-42", Timestamp: ts, TenantID: "acme", UserID: "u", ResponseID: "r",
		Type: feedback.TypeThumbsUp, Source: feedback.SourceExplicit}
	other := up
	other.EventID = "client-43"
	ctx := context.Background()
	require.NoError(t, exp.pushLogs(ctx, feedbackLogs(up)))
	require.NoError(t, exp.pushLogs(ctx, feedbackLogs(up)))
	final, raw := countFinal(t, exp, db, "genai_feedback")
	assert.Equal(t, uint64(1), final)
	assert.Equal(t, uint64(1), raw, "a retried batch must be dropped by insert_deduplication_token")

	require.NoError(t, exp.pushLogs(ctx, feedbackLogs(other, up)))
	final, _ = countFinal(t, exp, db, "genai_feedback")
	assert.Equal(t, uint64(2), final, "client-42 resent next to client-43 is still one row under FINAL")

	// The same event for another tenant is another row: tenants never collide.
	globex := up
	globex.TenantID = "globex"
	require.NoError(t, exp.pushLogs(ctx, feedbackLogs(globex)))
	final, _ = countFinal(t, exp, db, "genai_feedback")
	assert.Equal(t, uint64(3), final)
}

// TestDerivedFollowUpFromSpans: the implicit follow-up on a span becomes a genai_feedback row;
// no funnel row is written for spans (the analytics API derives ai_query / response_received
// from genai_events), not even for a span an older processor still marked with stages.
func TestDerivedFollowUpFromSpans(t *testing.T) {
	exp, db := newTestExporter(t)
	td := ptrace.NewTraces()
	ss := td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty()
	span := analyticsSpan(ss, 7, "acme", "gpt-4o-mini", 10, 10, 0.001)
	a := span.Attributes()
	a.PutStr(genai.KeySessionID, "s-1")
	a.PutStr(feedback.KeyFollowUpResponseID, "chatcmpl-prev")
	a.PutStr(feedback.KeyFollowUpTraceID, "0102030405060708090a0b0c0d0e0f10")
	a.PutStr(feedback.KeyFollowUpSpanID, "0102030405060708")
	a.PutInt(feedback.KeyFollowUpTime, span.StartTimestamp().AsTime().UnixNano())
	a.PutDouble(feedback.KeyFollowUpGapMs, 30000)
	stages := a.PutEmptySlice("aianalytics.funnel.stages") // what processors before issue 7 wrote
	stages.AppendEmpty().SetStr(feedback.StageAIQuery)
	stages.AppendEmpty().SetStr(feedback.StageResponseReceived)
	analyticsSpan(ss, 8, "acme", "gpt-4o-mini", 10, 10, 0.001) // no derived attributes: no rows

	ctx := context.Background()
	require.NoError(t, exp.pushTraces(ctx, td))
	require.NoError(t, exp.pushTraces(ctx, td)) // a replay derives the same ids

	final, _ := countFinal(t, exp, db, "genai_feedback")
	require.Equal(t, uint64(1), final)
	var typ, source, response, gap string
	var when time.Time
	require.NoError(t, exp.conn.QueryRow(ctx, "SELECT type, source, response_id, metadata['gap_ms'], timestamp FROM "+
		quoteIdent(db)+".genai_feedback FINAL").Scan(&typ, &source, &response, &gap, &when))
	assert.Equal(t, []string{"follow_up", "implicit", "chatcmpl-prev", "30000"}, []string{typ, source, response, gap})
	assert.True(t, when.Equal(span.StartTimestamp().AsTime()))

	_, raw := countFinal(t, exp, db, "genai_funnel_events")
	assert.Zero(t, raw, "spans write no funnel rows")
}

func TestFeedbackTTLRendered(t *testing.T) {
	conn := chtest.Conn(t)
	cfg := createDefaultConfig()
	cfg.Endpoint = chtest.Endpoint(t)
	cfg.Database = chtest.NewDatabase(t, conn)
	cfg.TTL.Feedback = 365 * 24 * time.Hour
	cfg.TTL.Funnel = 90 * 24 * time.Hour
	require.NoError(t, cfg.Validate())
	require.NoError(t, migrate(context.Background(), conn, cfg))
	for table, want := range map[string]string{
		"genai_feedback":      "TTL toDateTime(timestamp) + toIntervalSecond(31536000)",
		"genai_funnel_events": "TTL toDateTime(timestamp) + toIntervalSecond(7776000)",
	} {
		var ddl string
		require.NoError(t, conn.QueryRow(context.Background(), "SELECT create_table_query FROM system.tables WHERE database = ? AND name = ?", cfg.Database, table).Scan(&ddl))
		assert.Contains(t, ddl, want, table)
		assert.Contains(t, ddl, "ORDER BY (tenant_id, event_id)", table)
	}
	cfg.TTL.Feedback = time.Minute
	assert.ErrorContains(t, cfg.Validate(), "ttl.feedback: must be at least 1h")
}

// TestFailedFeedbackInsertRetriesOnlyTheRest: when genai_feedback refuses a batch's derived
// follow-ups after its genai_events rows went in, the retry (OnError) carries the follow-ups
// alone; the events are not inserted again.
func TestFailedFeedbackInsertRetriesOnlyTheRest(t *testing.T) {
	exp, db := newTestExporter(t)
	ctx := context.Background()
	// One part in genai_feedback, then a limit of one part: every further insert is refused
	// (TOO_MANY_PARTS, a retryable server error).
	require.NoError(t, exp.pushTraces(ctx, followUpTraces(1)))
	feedbackTable := quoteIdent(db) + ".genai_feedback"
	require.NoError(t, exp.conn.Exec(ctx, "ALTER TABLE "+feedbackTable+" MODIFY SETTING parts_to_throw_insert = 1"))

	rows, err := exp.rowsFromTraces(ctx, followUpTraces(2))
	require.NoError(t, err)
	batch := rows.(*spanRows)
	require.Len(t, batch.events, 1)
	require.Len(t, batch.feedback, 1)
	pushErr := exp.pushSpanRows(ctx, batch)
	require.Error(t, pushErr)
	rest, ok := batch.OnError(pushErr).(*spanRows)
	require.True(t, ok)
	assert.Empty(t, rest.events, "the events went in")
	assert.Equal(t, batch.feedback, rest.feedback)
	assert.Same(t, batch, batch.OnError(errors.New("any other error")).(*spanRows), "an error without progress retries everything")

	require.NoError(t, exp.conn.Exec(ctx, "ALTER TABLE "+feedbackTable+" RESET SETTING parts_to_throw_insert"))
	require.NoError(t, exp.pushSpanRows(ctx, rest))
	events, eventsRaw := countFinal(t, exp, db, "genai_events")
	assert.Equal(t, []uint64{2, 2}, []uint64{events, eventsRaw}, "each event inserted once")
	final, _ := countFinal(t, exp, db, "genai_feedback")
	assert.Equal(t, uint64(2), final)
}
