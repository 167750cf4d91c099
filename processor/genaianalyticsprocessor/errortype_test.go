package genaianalyticsprocessor

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

func TestErrorTypeFromExceptionEvent(t *testing.T) {
	exception := func(typ any) func(ptrace.SpanEventSlice) {
		return func(evs ptrace.SpanEventSlice) {
			e := evs.AppendEmpty()
			e.SetName("exception")
			require.NoError(t, e.Attributes().FromRaw(map[string]any{"exception.type": typ, "exception.message": "Rate limit reached"}))
		}
	}
	for _, tc := range []struct {
		name     string
		status   ptrace.StatusCode
		errType  string
		events   []func(ptrace.SpanEventSlice)
		want     string
		wantNone bool
	}{
		{name: "exception type", status: ptrace.StatusCodeError, events: []func(ptrace.SpanEventSlice){exception("openai.RateLimitError")}, want: "openai.RateLimitError"},
		{name: "first exception wins", status: ptrace.StatusCodeError,
			events: []func(ptrace.SpanEventSlice){exception("APITimeoutError"), exception("RuntimeError")}, want: "APITimeoutError"},
		{name: "error.type on the span wins", status: ptrace.StatusCodeError, errType: "rate_limit",
			events: []func(ptrace.SpanEventSlice){exception("openai.RateLimitError")}, want: "rate_limit"},
		{name: "no exception event", status: ptrace.StatusCodeError, want: "_OTHER"},
		{name: "blank exception type", status: ptrace.StatusCodeError, events: []func(ptrace.SpanEventSlice){exception("  ")}, want: "_OTHER"},
		{name: "non-string exception type", status: ptrace.StatusCodeError, events: []func(ptrace.SpanEventSlice){exception(int64(42))}, want: "_OTHER"},
		{name: "overlong type is cut", status: ptrace.StatusCodeError,
			events: []func(ptrace.SpanEventSlice){exception(strings.Repeat("é", 300))}, want: strings.Repeat("é", maxErrorTypeRunes)},
		{name: "handled exception on a successful call", events: []func(ptrace.SpanEventSlice){exception("KeyError")}, wantNone: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			td := ptrace.NewTraces()
			span := td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty().Spans().AppendEmpty()
			span.SetTraceID(pcommon.TraceID{1})
			span.SetSpanID(pcommon.SpanID{2})
			span.Status().SetCode(tc.status)
			a := span.Attributes()
			a.PutStr(genai.KeyOperationName, "chat")
			a.PutStr(genai.KeyProviderName, "openai")
			a.PutStr(genai.KeyRequestModel, "gpt-4o-mini")
			if tc.errType != "" {
				a.PutStr(genai.KeyErrorType, tc.errType)
			}
			for _, add := range tc.events {
				add(span.Events())
			}
			p, err := newGenAIProcessor(createDefaultConfig(), nopTelemetry())
			require.NoError(t, err)
			_, err = p.processTraces(context.Background(), td)
			require.NoError(t, err)
			got, ok := a.Get(genai.KeyErrorType)
			if tc.wantNone {
				assert.False(t, ok, "error.type on a successful call")
				assert.False(t, genai.Bool(a, genai.KeyError))
				return
			}
			require.True(t, ok)
			assert.Equal(t, tc.want, got.Str())
			assert.True(t, genai.Bool(a, genai.KeyError))
		})
	}
}
