package analyticstest

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// BulkFrom is the start of the bulk dataset; it spans BulkDays days.
var BulkFrom = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)

// BulkDays is the span of the bulk dataset.
const BulkDays = 30

// BulkTenant receives 80 % of the bulk events; the rest is spread over 7 other tenants.
const BulkTenant = "acme"

// bulkEventsSQL generates events server-side (INSERT … SELECT from numbers()): a realistic
// mix of tenants, 100k users, 1,000 query texts over 20 topics, five models priced at their
// list prices, errors, zero results, cache hits and feature versions. Deterministic per number.
const bulkEventsSQL = `
INSERT INTO {db}.genai_events (event_id, timestamp, tenant_id, user_id, session_id, trace_id, span_id,
	service_name, operation, provider, request_model, response_model, input_tokens, output_tokens,
	cache_read_tokens, cost_usd, cost_source, latency_ms, query, query_fingerprint, response, response_id,
	error, zero_result, feature_version, user_segment, geography)
SELECT
	reinterpretAsUUID(concat(reinterpretAsString(cityHash64(n, 'event')), reinterpretAsString(cityHash64(n, 'id')))),
	toDateTime64({from:DateTime64(6, 'UTC')}, 6, 'UTC') + toIntervalMillisecond(intDiv(n * intDiv({span_us:UInt64}, 1000), {total:UInt64})),
	if(n % 10 < 8, 'acme', concat('tenant-', toString(n % 7))),
	concat('u-', toString(user)),
	concat('s-', toString(user), '-', toString(intDiv(n, 50000))),
	concat(lower(hex(cityHash64(n, 'trace'))), lower(hex(cityHash64(n, 'trace2')))),
	lower(hex(cityHash64(n, 'span'))),
	['support-bot', 'search', 'copilot'][1 + n % 3],
	if(n % 20 = 7, 'embeddings', 'chat'),
	['openai', 'openai', 'anthropic', 'anthropic', 'gcp.gemini'][m],
	['gpt-5.4', 'gpt-5.4-mini', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'gemini-2.5-flash'][m],
	['gpt-5.4', 'gpt-5.4-mini', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'gemini-2.5-flash'][m],
	input, output, cached,
	((input - cached) * [2.5, 0.75, 3, 1, 0.3][m] + cached * [0.25, 0.075, 0.3, 0.1, 0.03][m] + output * [15, 4.5, 15, 5, 2.5][m]) / 1e6,
	'builtin',
	300 + cityHash64(n, 'lat') % 4000,
	q,
	cityHash64(lower(q)),
	concat('Here is what I found about ', q, ': ', repeat('details ', 20)),
	concat('resp-', toString(n)),
	cityHash64(n, 'err') % 100 < 4,
	cityHash64(n, 'zero') % 100 < if(qi % 20 < 3, 40, 5),
	['v1', 'v2', 'v3'][1 + user % 3],
	['free', 'pro', 'enterprise'][1 + user % 3],
	['US', 'DE', 'FR', 'JP', 'BR', 'IN'][1 + user % 6]
FROM (
	SELECT number AS n, cityHash64(number, 'user') % 100000 AS user, 1 + cityHash64(number, 'model') % 5 AS m,
		toUInt32(200 + cityHash64(number, 'in') % 3000) AS input, toUInt32(20 + cityHash64(number, 'out') % 800) AS output,
		toUInt32(if(cityHash64(number, 'cache') % 3 = 0, intDiv(input, 2), 0)) AS cached,
		cityHash64(number, 'query') % 1000 AS qi,
		concat(['How do I ', 'Why does ', 'Can I ', 'What is the price of ', 'Help with '][1 + qi % 5],
			['billing', 'the dashboard', 'CSV export', 'SSO login', 'the API', 'webhooks', 'the mobile app', 'reports',
			 'user roles', 'the Pro plan', 'invoices', 'alerts', 'integrations', 'search', 'data retention',
			 'the audit log', 'custom fields', 'notifications', 'the free trial', 'refunds'][1 + qi % 20],
			' ', ['today', 'for my team', 'on Android', 'in Europe', 'after the update', 'with Slack', 'in bulk',
			 'via the API', 'for admins', 'quickly'][1 + intDiv(qi, 20) % 10],
			if(qi >= 200, concat(' #', toString(intDiv(qi, 200))), '')) AS q
	FROM numbers({offset:UInt64}, {count:UInt64})
)`

// bulkFeedbackSQL links every feedback row to an existing event (every 10th).
const bulkFeedbackSQL = `
INSERT INTO {db}.genai_feedback (event_id, timestamp, tenant_id, user_id, session_id, response_id, trace_id, span_id, type, rating, comment, source)
SELECT
	concat('fb-', toString(number)),
	toDateTime64({from:DateTime64(6, 'UTC')}, 6, 'UTC') + toIntervalMillisecond(intDiv(e * intDiv({span_us:UInt64}, 1000), {total:UInt64})) + toIntervalMinute(5),
	if(e % 10 < 8, 'acme', concat('tenant-', toString(e % 7))),
	concat('u-', toString(cityHash64(e, 'user') % 100000)),
	'', concat('resp-', toString(e)), '', '',
	['thumbs_up', 'thumbs_up', 'thumbs_down', 'rating', 'follow_up', 'share', 'save', 'comment'][1 + number % 8] AS kind,
	if(kind = 'rating', toNullable(toUInt8(1 + cityHash64(number) % 5)), NULL),
	'', 'explicit'
FROM (SELECT number, (number * 10) % {total:UInt64} AS e FROM numbers({count:UInt64}))`

// bulkFunnelSQL reports the app stages (satisfied, action_taken, converted) of 100k users of
// the main tenant, fewer at each stage; their ai_query / response_received come from the
// events (a user has ~100 calls over the range in the 10M-event dataset).
const bulkFunnelSQL = `
INSERT INTO {db}.genai_funnel_events (event_id, timestamp, tenant_id, user_id, session_id, stage)
SELECT concat('fn-', toString(number)),
	toDateTime64({from:DateTime64(6, 'UTC')}, 6, 'UTC') + toIntervalSecond(user * 25 + stage * 300),
	'acme', concat('u-', toString(user)), '',
	['ai_query', 'response_received', 'satisfied', 'action_taken', 'converted'][stage + 1]
FROM (SELECT number, number % 100000 AS user, 2 + intDiv(number, 100000) AS stage FROM numbers(300000))
WHERE cityHash64(user, 'reach') % 5 >= stage`

// LoadBulk fills database with total generated events, total/10 feedback events and a
// 100k-user funnel; events go in chunks of one million rows (bounded memory).
func LoadBulk(ctx context.Context, conn driver.Conn, database string, total uint64) error {
	db := "`" + database + "`"
	params := clickhouse.Parameters{
		"from":    BulkFrom.Format("2006-01-02 15:04:05"),
		"span_us": fmt.Sprint(uint64(BulkDays * 24 * time.Hour / time.Microsecond)),
		"total":   fmt.Sprint(total),
		"count":   fmt.Sprint(total / 10),
	}
	run := func(what, tmpl string, p clickhouse.Parameters) error {
		if err := conn.Exec(clickhouse.Context(ctx, clickhouse.WithParameters(p)), strings.ReplaceAll(tmpl, "{db}", db)); err != nil {
			return fmt.Errorf("bulk %s: %w", what, err)
		}
		return nil
	}
	const chunk = 1_000_000
	for offset := uint64(0); offset < total; offset += chunk {
		p := maps.Clone(params)
		p["offset"], p["count"] = fmt.Sprint(offset), fmt.Sprint(min(chunk, total-offset))
		if err := run(fmt.Sprintf("events at %d", offset), bulkEventsSQL, p); err != nil {
			return err
		}
	}
	if err := run("feedback", bulkFeedbackSQL, params); err != nil {
		return err
	}
	return LoadBulkFunnel(ctx, conn, database)
}

// LoadBulkFunnel (re)writes the bulk dataset's reported funnel stages. A database loaded
// before ai_query / response_received were derived from the events holds those stages as
// rows too: reloading keeps its timings comparable without reloading the events.
func LoadBulkFunnel(ctx context.Context, conn driver.Conn, database string) error {
	db := "`" + database + "`"
	if err := conn.Exec(ctx, "TRUNCATE TABLE "+db+".genai_funnel_events"); err != nil {
		return fmt.Errorf("bulk funnel: %w", err)
	}
	p := clickhouse.Parameters{"from": BulkFrom.Format("2006-01-02 15:04:05")}
	if err := conn.Exec(clickhouse.Context(ctx, clickhouse.WithParameters(p)), strings.ReplaceAll(bulkFunnelSQL, "{db}", db)); err != nil {
		return fmt.Errorf("bulk funnel: %w", err)
	}
	return nil
}
