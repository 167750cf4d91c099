CREATE TABLE IF NOT EXISTS `ai_analytics`.genai_events_1m_local 
(
    minute             DateTime('UTC') CODEC(Delta(4), ZSTD(1)),
    tenant_id          LowCardinality(String),
    service_name       LowCardinality(String),
    provider           LowCardinality(String),
    model              LowCardinality(String),
    feature_version    LowCardinality(String),
    calls              SimpleAggregateFunction(sum, UInt64),
    unique_events      AggregateFunction(uniq, UUID),
    errors             SimpleAggregateFunction(sum, UInt64),
    zero_results       SimpleAggregateFunction(sum, UInt64),
    input_tokens       SimpleAggregateFunction(sum, UInt64),
    output_tokens      SimpleAggregateFunction(sum, UInt64),
    cache_read_tokens  SimpleAggregateFunction(sum, UInt64),
    cache_write_tokens SimpleAggregateFunction(sum, UInt64),
    reasoning_tokens   SimpleAggregateFunction(sum, UInt64),
    cost_usd           SimpleAggregateFunction(sum, Float64),
    priced_calls       SimpleAggregateFunction(sum, UInt64),
    latency_ms         AggregateFunction(quantilesTDigest(0.5, 0.9, 0.95, 0.99), Float64)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(minute)
ORDER BY (tenant_id, minute, service_name, provider, model, feature_version);

CREATE TABLE IF NOT EXISTS `ai_analytics`.genai_events_1m AS `ai_analytics`.genai_events_1m_local ENGINE = Distributed(`analytics`, `ai_analytics`, `genai_events_1m_local`, cityHash64(tenant_id));

CREATE MATERIALIZED VIEW IF NOT EXISTS `ai_analytics`.genai_events_1m_mv 
TO `ai_analytics`.genai_events_1m_local
AS SELECT
    toStartOfMinute(src_timestamp) AS minute,
    src_tenant_id AS tenant_id,
    src_service_name AS service_name,
    src_provider AS provider,
    src_model AS model,
    src_feature_version AS feature_version,
    toUInt64(count()) AS calls,
    uniqState(src_event_id) AS unique_events,
    toUInt64(countIf(src_error)) AS errors,
    toUInt64(countIf(src_zero_result)) AS zero_results,
    sum(toUInt64(src_input_tokens)) AS input_tokens,
    sum(toUInt64(src_output_tokens)) AS output_tokens,
    sum(toUInt64(src_cache_read_tokens)) AS cache_read_tokens,
    sum(toUInt64(src_cache_write_tokens)) AS cache_write_tokens,
    sum(toUInt64(src_reasoning_tokens)) AS reasoning_tokens,
    sum(ifNull(src_cost_usd, 0)) AS cost_usd,
    toUInt64(countIf(src_cost_usd IS NOT NULL)) AS priced_calls,
    quantilesTDigestState(0.5, 0.9, 0.95, 0.99)(src_latency_ms) AS latency_ms
FROM
(
    SELECT timestamp AS src_timestamp, tenant_id AS src_tenant_id, service_name AS src_service_name,
        provider AS src_provider, request_model AS src_model, feature_version AS src_feature_version,
        event_id AS src_event_id, error AS src_error, zero_result AS src_zero_result,
        input_tokens AS src_input_tokens, output_tokens AS src_output_tokens,
        cache_read_tokens AS src_cache_read_tokens, cache_write_tokens AS src_cache_write_tokens,
        reasoning_tokens AS src_reasoning_tokens, cost_usd AS src_cost_usd, latency_ms AS src_latency_ms
    FROM `ai_analytics`.genai_events_local
)
GROUP BY minute, tenant_id, service_name, provider, model, feature_version;
