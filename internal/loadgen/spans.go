package loadgen

import (
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// batch groups spans per service resource and per scope, creating them on first use so the
// layout follows the RNG (and stays deterministic).
type batch struct {
	td        ptrace.Traces
	resources map[int]ptrace.ResourceSpans
	scopes    map[scopeKey]ptrace.SpanSlice
}

type scopeKey struct {
	service int
	scope   string
}

func newBatch() *batch {
	return &batch{td: ptrace.NewTraces(), resources: map[int]ptrace.ResourceSpans{}, scopes: map[scopeKey]ptrace.SpanSlice{}}
}

func (b *batch) span(service int, scope, version string) ptrace.Span {
	k := scopeKey{service, scope}
	ss, ok := b.scopes[k]
	if !ok {
		rs, ok := b.resources[service]
		if !ok {
			rs = b.td.ResourceSpans().AppendEmpty()
			s := services[service]
			a := rs.Resource().Attributes()
			a.PutStr(genai.KeyServiceName, s.name)
			a.PutStr("service.version", s.version)
			a.PutStr("service.namespace", "nimbus")
			a.PutStr("deployment.environment.name", "production")
			a.PutStr("telemetry.sdk.name", "opentelemetry")
			a.PutStr("telemetry.sdk.language", s.language)
			b.resources[service] = rs
		}
		sc := rs.ScopeSpans().AppendEmpty()
		sc.Scope().SetName(scope)
		sc.Scope().SetVersion(version)
		ss = sc.Spans()
		b.scopes[k] = ss
	}
	return ss.AppendEmpty()
}

// genaiScopes name the instrumentation library a team would use for each provider.
var genaiScopes = map[string]string{
	"openai":      "opentelemetry.instrumentation.openai_v2",
	"anthropic":   "opentelemetry.instrumentation.anthropic",
	"gcp.gemini":  "opentelemetry.instrumentation.google_genai",
	"aws.bedrock": "opentelemetry.instrumentation.botocore",
	"mistral_ai":  "opentelemetry.instrumentation.mistralai",
	"deepseek":    "opentelemetry.instrumentation.openai_v2", // OpenAI-compatible client
}

var serverAddresses = map[string]string{
	"openai": "api.openai.com", "anthropic": "api.anthropic.com",
	"gcp.gemini": "generativelanguage.googleapis.com", "aws.bedrock": "bedrock-runtime.us-east-1.amazonaws.com",
	"mistral_ai": "api.mistral.ai", "deepseek": "api.deepseek.com",
}

var errorMessages = map[string][2]string{
	"timeout":                 {"APITimeoutError", "Request timed out."},
	"rate_limit":              {"RateLimitError", "Rate limit reached for requests per minute. Please try again in 20s."},
	"server_error":            {"InternalServerError", "The server had an error while processing your request."},
	"context_length_exceeded": {"BadRequestError", "This model's maximum context length is 128000 tokens."},
	"invalid_request":         {"BadRequestError", "Invalid request: messages must alternate between user and assistant."},
}

// callSpan starts the client span of a model call: scope, ids, name and timing.
func (g *Generator) callSpan(b *batch, c *call, scope, version, name string, tid pcommon.TraceID, parent pcommon.SpanID, start time.Time) ptrace.Span {
	sp := b.span(c.service, scope, version)
	sp.SetTraceID(tid)
	sp.SetSpanID(spanID(g.rng))
	sp.SetParentSpanID(parent)
	sp.SetName(name)
	sp.SetKind(ptrace.SpanKindClient)
	sp.SetStartTimestamp(pcommon.NewTimestampFromTime(start))
	sp.SetEndTimestamp(pcommon.NewTimestampFromTime(start.Add(c.duration)))
	return sp
}

// failCall marks a failed call the way every instrumentation does: status ERROR and an
// exception event.
func failCall(sp ptrace.Span, c *call) {
	msg := errorMessages[c.errType]
	sp.Status().SetCode(ptrace.StatusCodeError)
	sp.Status().SetMessage(msg[1])
	ev := sp.Events().AppendEmpty()
	ev.SetName("exception")
	ev.SetTimestamp(sp.EndTimestamp())
	ev.Attributes().PutStr("exception.type", msg[0])
	ev.Attributes().PutStr("exception.message", msg[1])
}

// genaiSpan writes the call in the current GenAI semantic conventions.
func (g *Generator) genaiSpan(b *batch, c *call, tid pcommon.TraceID, parent pcommon.SpanID, start time.Time) {
	scope := genaiScopes[c.model.Provider]
	if scope == "" {
		scope = "opentelemetry.instrumentation.genai"
	}
	sp := g.callSpan(b, c, scope, "2.1b0", "chat "+c.model.Request, tid, parent, start)

	a := sp.Attributes()
	a.EnsureCapacity(28)
	a.PutStr(genai.KeyOperationName, "chat")
	a.PutStr(genai.KeyProviderName, c.model.Provider)
	a.PutStr(genai.KeyRequestModel, c.model.Request)
	if !c.model.Reasoning {
		a.PutDouble(genai.KeyRequestTemperature, services[c.service].temperature)
	}
	a.PutInt("gen_ai.request.max_tokens", c.maxTokens)
	a.PutStr("server.address", serverAddresses[c.model.Provider])
	a.PutInt("server.port", 443)
	a.PutStr(genai.KeyConversationID, c.conv)
	a.PutStr(KeyTenantID, c.tenant)
	a.PutStr(KeyUserID, c.user)
	a.PutStr(KeySessionID, c.session)
	a.PutStr(KeyAppChannel, c.channel)
	a.PutStr(KeyCountry, c.country)
	a.PutStr(genai.KeyUserSegment, c.segment)
	a.PutStr(genai.KeyInputMessages, string(c.input))

	if c.errType != "" {
		a.PutStr(genai.KeyErrorType, c.errType)
		failCall(sp, c)
		return
	}
	a.PutStr(genai.KeyResponseModel, c.model.Response)
	a.PutStr(genai.KeyResponseID, c.responseID)
	a.PutInt(genai.KeyInputTokens, c.inputTokens)
	a.PutInt(genai.KeyOutputTokens, c.outputTokens)
	if c.cacheRead > 0 {
		a.PutInt(genai.KeyCacheReadTokens, c.cacheRead)
	}
	if c.cacheWrite > 0 {
		a.PutInt(genai.KeyCacheWriteTokens, c.cacheWrite)
	}
	if c.reasoning > 0 {
		a.PutInt(genai.KeyReasoningTokens, c.reasoning)
	}
	a.PutEmptySlice(genai.KeyFinishReasons).AppendEmpty().SetStr(c.finish)
	a.PutStr(genai.KeyOutputMessages, string(c.output))
}

// httpServerSpan is the application's endpoint that wraps the LLM call; it is not GenAI.
func (g *Generator) httpServerSpan(b *batch, c *call, tid pcommon.TraceID, id pcommon.SpanID, start, end time.Time) {
	sp := b.span(c.service, "opentelemetry.instrumentation.asgi", "0.58b0")
	sp.SetTraceID(tid)
	sp.SetSpanID(id)
	route := "/api/v1/chat"
	if c.channel == "slack" {
		route = "/slack/events"
	}
	sp.SetName("POST " + route)
	sp.SetKind(ptrace.SpanKindServer)
	sp.SetStartTimestamp(pcommon.NewTimestampFromTime(start))
	sp.SetEndTimestamp(pcommon.NewTimestampFromTime(end))
	status := int64(200)
	switch c.errType {
	case "":
	case "timeout":
		status = 504
	case "rate_limit":
		status = 429
	case "server_error":
		status = 502
	default:
		status = 400
	}
	if status >= 500 { // server spans are errors only for 5xx
		sp.Status().SetCode(ptrace.StatusCodeError)
	}
	a := sp.Attributes()
	a.PutStr("http.request.method", "POST")
	a.PutStr("http.route", route)
	a.PutStr("url.path", route)
	a.PutStr("url.scheme", "https")
	a.PutInt("http.response.status_code", status)
	a.PutStr("user_agent.original", userAgents[c.channel])
}

var userAgents = map[string]string{
	"web":    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
	"mobile": "NimbusMobile/5.12.0 (iPhone; iOS 18.2)",
	"api":    "python-requests/2.32.3",
	"slack":  "Slackbot 1.0 (+https://api.slack.com/robots)",
}

// childSpan writes the i-th non-GenAI child: vector retrieval, cache lookup, then calls to
// an internal service, cycling.
func (g *Generator) childSpan(b *batch, c *call, i int, tid pcommon.TraceID, parent pcommon.SpanID, start, end time.Time) {
	var sp ptrace.Span
	switch i % 3 {
	case 0:
		sp = b.span(c.service, "opentelemetry.instrumentation.psycopg", "0.58b0")
		sp.SetName("SELECT kb.documents")
		a := sp.Attributes()
		a.PutStr("db.system.name", "postgresql")
		a.PutStr("db.namespace", "kb")
		a.PutStr("db.operation.name", "SELECT")
		a.PutStr("db.collection.name", "documents")
		a.PutStr("db.query.text", "SELECT id, title, chunk FROM documents WHERE tenant_id = $1 ORDER BY embedding <=> $2 LIMIT 5")
	case 1:
		sp = b.span(c.service, "opentelemetry.instrumentation.redis", "0.58b0")
		sp.SetName("GET")
		a := sp.Attributes()
		a.PutStr("db.system.name", "redis")
		a.PutStr("db.operation.name", "GET")
		a.PutStr("db.query.text", "GET answer-cache:?")
	default:
		sp = b.span(c.service, "opentelemetry.instrumentation.httpx", "0.58b0")
		sp.SetName("GET")
		a := sp.Attributes()
		a.PutStr("http.request.method", "GET")
		a.PutStr("url.full", "http://accounts.internal:8080/v1/accounts/"+c.tenant)
		a.PutStr("server.address", "accounts.internal")
		a.PutInt("server.port", 8080)
		a.PutInt("http.response.status_code", 200)
	}
	sp.SetTraceID(tid)
	sp.SetSpanID(spanID(g.rng))
	sp.SetParentSpanID(parent)
	sp.SetKind(ptrace.SpanKindClient)
	sp.SetStartTimestamp(pcommon.NewTimestampFromTime(start))
	sp.SetEndTimestamp(pcommon.NewTimestampFromTime(end))
}
