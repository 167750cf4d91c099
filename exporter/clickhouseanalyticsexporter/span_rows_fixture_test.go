package clickhouseanalyticsexporter

import (
	"time"

	"github.com/google/uuid"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/anomaly"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// fullyPopulatedRows sets every field of every row type (two events: one with the optional
// fields, one without), so queue-record tests notice a field that does not survive.
func fullyPopulatedRows() *spanRows {
	temperature, cost, score := 0.7, 0.0042, 1.0
	rating := uint8(4)
	at := time.Date(2026, 11, 27, 1, 2, 3, 456789000, time.UTC)
	return &spanRows{
		events: []genai.Event{{
			EventID: uuid.MustParse("0b7e2f0c-6c1d-5a8e-9f3a-2b4c6d8e0f12"), Timestamp: at,
			TenantID: "acme", UserID: "u-1", SessionID: "s-1", TraceID: "0102030405060708090a0b0c0d0e0f10",
			SpanID: "0102030405060708", ServiceName: "support-bot", Operation: "chat", Provider: "openai",
			RequestModel: "gpt-4o-mini", ResponseModel: "gpt-4o-mini-2024-07-18", Temperature: &temperature,
			InputTokens: 812, OutputTokens: 164, CacheReadTokens: 512, CacheWriteTokens: 7, ReasoningTokens: 3,
			CostUSD: &cost, CostSource: "builtin", LatencyMs: 1250.5, Query: "¿Cuánto cuesta el plan Pro?",
			QueryFingerprint: 0xfedcba9876543210, Response: "20 $ por usuario\ny mes.", ResponseID: "chatcmpl-AbC123",
			ResponseLength: 22, FinishReason: "stop", Error: true, ErrorType: "timeout", ZeroResult: true,
			ZeroResultReason: "phrase", QueryCategory: "pricing", UserSource: "attribute", FeatureVersion: "v2",
			UserSegment: "enterprise", Geography: "DE", AnomalyFlags: []string{"latency", "cost"},
			OtherAttributes: genai.Attributes{{Key: "app.channel", Value: "web"}, {Key: "app.empty"}},
		}, {
			TenantID: "acme", Query: "no optional fields", Timestamp: at.Add(time.Second),
		}},
		alerts: []anomaly.Alert{{
			ID: uuid.MustParse("9b2d6c1e-7a4f-5c3b-8e1d-2f6a7b8c9d0e"), Version: 3, Timestamp: at,
			Tenant: "acme", Provider: "openai", Model: "gpt-4o", Type: anomaly.TypeSpike, Severity: anomaly.SeverityLow + 2,
			Metric: "latency_p95_ms", Expected: 1.5, Actual: 9.25, Description: "p95 latency 6× the baseline",
			WindowStart: at.Add(-2 * time.Minute), WindowEnd: at.Add(-time.Minute), ResolvedAt: at,
		}, {Tenant: "acme", Description: "open, tenant-wide"}},
		feedback: []feedback.Feedback{{
			EventID: "f-1", Timestamp: at, TenantID: "acme", UserID: "u-1", SessionID: "s-1", ResponseID: "chatcmpl-AbC123",
			TraceID: "0102030405060708090a0b0c0d0e0f10", SpanID: "0102030405060708", Type: feedback.TypeRating,
			Rating: &rating, Score: &score, Comment: "helpful", Source: "derived",
			Metadata: map[string]string{"previous_event_id": "e-0", "gap_s": "12"},
		}, {EventID: "f-2", TenantID: "acme", Type: feedback.TypeFollowUp}},
	}
}
