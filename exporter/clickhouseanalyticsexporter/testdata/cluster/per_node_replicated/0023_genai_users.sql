CREATE TABLE IF NOT EXISTS `ai_analytics`.genai_users_local 
(
    tenant_id       LowCardinality(String),
    user_id         String CODEC(ZSTD(1)),
    feature_version LowCardinality(String),
    user_segment    LowCardinality(String),
    geography       LowCardinality(String),
    first_seen      SimpleAggregateFunction(min, DateTime64(6, 'UTC')),
    last_seen       SimpleAggregateFunction(max, DateTime64(6, 'UTC'))
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
ORDER BY (tenant_id, user_id, feature_version, user_segment, geography);

CREATE TABLE IF NOT EXISTS `ai_analytics`.genai_users AS `ai_analytics`.genai_users_local ENGINE = Distributed(`analytics`, `ai_analytics`, `genai_users_local`, cityHash64(tenant_id, user_id));

CREATE MATERIALIZED VIEW IF NOT EXISTS `ai_analytics`.genai_users_mv 
TO `ai_analytics`.genai_users_local
AS SELECT src_tenant_id AS tenant_id, src_user_id AS user_id, src_feature_version AS feature_version,
    src_user_segment AS user_segment, src_geography AS geography,
    min(src_timestamp) AS first_seen, max(src_timestamp) AS last_seen
FROM
(
    SELECT tenant_id AS src_tenant_id, user_id AS src_user_id, feature_version AS src_feature_version,
        user_segment AS src_user_segment, geography AS src_geography, timestamp AS src_timestamp
    FROM `ai_analytics`.genai_events_local
    WHERE user_id != ''
)
GROUP BY tenant_id, user_id, feature_version, user_segment, geography;
