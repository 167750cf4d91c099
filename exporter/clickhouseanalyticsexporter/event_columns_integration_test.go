package clickhouseanalyticsexporter

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// TestInsertEventsColumnsRoundTrip writes every column through the per-column appends and
// reads each one back, with set and unset optional values in neighbouring rows (a column
// shifted by one row would show up here).
func TestInsertEventsColumnsRoundTrip(t *testing.T) {
	exp, db := newTestExporter(t)
	temp, cost := 0.7, 0.0123
	ts := time.Date(2026, 11, 26, 12, 0, 0, 123456000, time.UTC)
	full := genai.Event{
		EventID: uuid.MustParse("0f8fad5b-d9cb-469f-a165-70867728950e"), Timestamp: ts,
		TenantID: "acme", UserID: "u-1", SessionID: "s-1", TraceID: "0102", SpanID: "0304",
		ServiceName: "bot", Operation: "chat", Provider: "openai", RequestModel: "gpt-4o",
		ResponseModel: "gpt-4o-2024", Temperature: &temp, InputTokens: 1, OutputTokens: 2,
		CacheReadTokens: 3, CacheWriteTokens: 4, ReasoningTokens: 5, CostUSD: &cost,
		CostSource: "builtin", LatencyMs: 12.5, Query: "q", QueryFingerprint: 1 << 63, Response: "r",
		ResponseID: "resp", ResponseLength: 6, FinishReason: "stop", Error: true, ErrorType: "timeout",
		ZeroResult: true, ZeroResultReason: "phrase", QueryCategory: "billing", UserSource: "web",
		FeatureVersion: "v2", UserSegment: "pro", Geography: "DE", AnomalyFlags: []string{"cost", "latency"},
		OtherAttributes: genai.Attributes{{Key: "a", Value: "1"}, {Key: "b", Value: "2"}, {Key: "c"}},
	}
	empty := genai.Event{EventID: uuid.MustParse("1f8fad5b-d9cb-469f-a165-70867728950e"), Timestamp: ts, TenantID: "acme"}
	require.NoError(t, exp.insertEvents(context.Background(), []genai.Event{full, empty, full2(full)}))

	got := readEvents(t, exp, db)
	require.Len(t, got, 3)

	require.NotNil(t, got[0].Temperature)
	assert.InDelta(t, 0.7, *got[0].Temperature, 1e-6)
	got[0].Temperature = full.Temperature
	assert.Equal(t, full, got[0])

	assert.Nil(t, got[1].Temperature)
	assert.Nil(t, got[1].CostUSD)
	assert.Empty(t, got[1].AnomalyFlags)
	assert.Empty(t, got[1].OtherAttributes)
	assert.Equal(t, "acme", got[1].TenantID)

	assert.Equal(t, genai.Attributes{{Key: "x", Value: "9"}}, got[2].OtherAttributes)
	assert.Equal(t, "second", got[2].Query)
}

// full2 is a third row with other attributes, after an empty one.
func full2(ev genai.Event) genai.Event {
	ev.EventID = uuid.MustParse("2f8fad5b-d9cb-469f-a165-70867728950e")
	ev.OtherAttributes = genai.Attributes{{Key: "x", Value: "9"}}
	ev.Query = "second"
	return ev
}

// readEvents reads genai_events back in event_id order, every column of the insert.
func readEvents(t *testing.T, exp *analyticsExporter, db string) []genai.Event {
	t.Helper()
	rows, err := exp.conn.Query(context.Background(), "SELECT "+eventColumnNames()+" FROM "+quoteIdent(db)+".genai_events ORDER BY event_id")
	require.NoError(t, err)
	var got []genai.Event
	for rows.Next() {
		var ev genai.Event
		var temperature *float32
		var attrs map[string]string
		require.NoError(t, rows.Scan(&ev.EventID, &ev.Timestamp, &ev.TenantID, &ev.UserID, &ev.SessionID,
			&ev.TraceID, &ev.SpanID, &ev.ServiceName, &ev.Operation, &ev.Provider, &ev.RequestModel,
			&ev.ResponseModel, &temperature, &ev.InputTokens, &ev.OutputTokens, &ev.CacheReadTokens,
			&ev.CacheWriteTokens, &ev.ReasoningTokens, &ev.CostUSD, &ev.CostSource, &ev.LatencyMs, &ev.Query,
			&ev.QueryFingerprint, &ev.Response, &ev.ResponseID, &ev.ResponseLength, &ev.FinishReason,
			&ev.Error, &ev.ErrorType, &ev.ZeroResult, &ev.ZeroResultReason, &ev.QueryCategory, &ev.UserSource,
			&ev.FeatureVersion, &ev.UserSegment, &ev.Geography, &ev.AnomalyFlags, &attrs))
		ev.OtherAttributes = genai.AttributesFromMap(attrs)
		if temperature != nil {
			f := float64(*temperature)
			ev.Temperature = &f
		}
		ev.Timestamp = ev.Timestamp.UTC()
		got = append(got, ev)
	}
	require.NoError(t, rows.Err())
	return got
}

// TestInsertEventsManyRowsRoundTrip writes a batch large enough for the driver's dictionaries
// and buffers to matter, with values repeating across rows (the LowCardinality columns are
// handed over as shared pointers, the attribute keys interned) and reads every row back.
func TestInsertEventsManyRowsRoundTrip(t *testing.T) {
	exp, db := newTestExporter(t)
	pick := func(i, salt int, from ...string) string { return from[(i*7+salt*13+i/5)%len(from)] }
	ts := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	events := make([]genai.Event, 2_000)
	for i := range events {
		temperature := float64(i%10) / 4 // exact in float32
		ev := genai.Event{
			EventID:   uuid.NewSHA1(uuid.NameSpaceOID, []byte{byte(i), byte(i >> 8)}),
			Timestamp: ts.Add(time.Duration(i) * time.Millisecond),
			TenantID:  pick(i, 1, "acme", "initech", "default"), UserID: fmt.Sprintf("u-%d", i%97),
			SessionID: fmt.Sprintf("s-%d", i), TraceID: fmt.Sprintf("%032x", i), SpanID: fmt.Sprintf("%016x", i),
			ServiceName: pick(i, 2, "bot", "search"), Operation: pick(i, 3, "chat", "embeddings"),
			Provider: pick(i, 4, "openai", "anthropic", "mistral"), RequestModel: pick(i, 5, "a", "b", "c", ""),
			ResponseModel: pick(i, 6, "a-1", "b-1"), InputTokens: uint32(i), OutputTokens: uint32(2 * i),
			CostSource: pick(i, 7, "builtin", "unknown"), LatencyMs: float64(i) / 8,
			Query: strings.Repeat("q", i%300), Response: strings.Repeat("r", (i*3)%700), ResponseID: pick(i, 8, "", "x"),
			FinishReason: pick(i, 9, "stop", "length", ""), ErrorType: pick(i, 10, "", "timeout"),
			ZeroResultReason: pick(i, 11, "", "phrase"), QueryCategory: pick(i, 12, "billing", "other"),
			UserSource: pick(i, 13, "web", "app"), FeatureVersion: pick(i, 14, "1", "2"),
			UserSegment: pick(i, 15, "free", "pro"), Geography: pick(i, 16, "DE", "GB", "US"),
		}
		if i%3 != 0 {
			ev.Temperature = &temperature
		}
		if i%4 == 0 {
			ev.AnomalyFlags = []string{pick(i, 17, "cost", "latency"), "tokens"}
		}
		attrs := map[string]string{}
		for k := range i % 6 {
			attrs[pick(i+k, 18, "app.channel", "server.port", "tenant.id", "user.id", "k")] = pick(i, k, "1", "", "web", "x")
		}
		ev.OtherAttributes = genai.AttributesFromMap(attrs)
		events[i] = ev
	}
	require.NoError(t, exp.insertEvents(context.Background(), events))

	requireStoredEvents(t, exp, db, events)
}

// requireStoredEvents reads genai_events back and requires exactly the written events (a nil
// anomaly flag list reads back empty).
func requireStoredEvents(t *testing.T, exp *analyticsExporter, db string, written []genai.Event) {
	t.Helper()
	got := readEvents(t, exp, db)
	require.Len(t, got, len(written))
	want := make(map[uuid.UUID]genai.Event, len(written))
	for _, ev := range written {
		if ev.AnomalyFlags == nil {
			ev.AnomalyFlags = []string{}
		}
		want[ev.EventID] = ev
	}
	for _, ev := range got {
		require.Equal(t, want[ev.EventID], ev)
	}
}
