package analytics

import (
	"slices"

	"github.com/ClickHouse/clickhouse-go/v2"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
)

// funnelStagesSQL is every funnel stage of the tenant in [from, to) among {funnel_stages}, one
// row (user_id, at_ms, stage) each: the stages apps report (genai_funnel_events) and the two
// derived from genai_events, which are not stored — a query call (operation not in
// {non_query_operations}) with a user is ai_query at its start and, unless it failed,
// response_received at its end (timestamp + latency_ms). Each side is narrowed by tenant and
// range before the union: both tables are ordered by tenant first. Derived stages come from
// calls that started in the range, and like any stage must happen before `to`. When no derived
// stage is asked for, {derive_stages} = 0 is a constant false and genai_events is not read.
const funnelStagesSQL = `
	SELECT user_id, toUInt64(toUnixTimestamp64Milli(timestamp)) AS at_ms, toString(stage) AS stage
	FROM {{db}}.genai_funnel_events FINAL
	WHERE ` + inRange + ` AND stage IN {funnel_stages:Array(String)}
	UNION ALL
	SELECT user_id, toUInt64(toUnixTimestamp64Milli(at)) AS at_ms, stage
	FROM (
		SELECT user_id, error, timestamp AS started,
			timestamp + toIntervalMicrosecond(toInt64(round(latency_ms * 1000))) AS ended
		FROM {{db}}.genai_events FINAL
		WHERE {derive_stages:UInt8} = 1 AND ` + inRange + `
			AND user_id != '' AND operation NOT IN {non_query_operations:Array(String)}
	)
	ARRAY JOIN [{stage_query:String}, {stage_response:String}] AS stage, [started, ended] AS at
	WHERE stage IN {funnel_stages:Array(String)}
		AND (stage = {stage_query:String} OR (NOT error AND at < {to:DateTime64(6, 'UTC')}))`

// funnelStageParams binds funnelStagesSQL's parameters for the stages a query looks at.
func funnelStageParams(stages []string) clickhouse.Parameters {
	derive := "0"
	if slices.Contains(stages, feedback.StageAIQuery) || slices.Contains(stages, feedback.StageResponseReceived) {
		derive = "1"
	}
	return clickhouse.Parameters{
		"funnel_stages":        stringList(stages),
		"derive_stages":        derive,
		"non_query_operations": stringList(feedback.NonQueryOperations()),
		"stage_query":          feedback.StageAIQuery,
		"stage_response":       feedback.StageResponseReceived,
	}
}
