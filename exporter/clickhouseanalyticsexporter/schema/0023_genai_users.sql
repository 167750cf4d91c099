-- One row per (tenant, user, feature version, segment, geography) with the first and last time
-- seen, kept by a materialized view on genai_events. min/max and existence do not change when a
-- duplicate row arrives, so this is exact for cohort membership (criteria + first seen) while
-- being ~100× smaller than genai_events. There is no backfill here (it could take minutes on a
-- large table and block the exporter's start): readers add the events inserted before this
-- migration was recorded (inserted_at < applied_at + 1 s), overlaps being harmless for min/max.
CREATE TABLE IF NOT EXISTS {{.DB}}.genai_users {{.OnCluster}}
(
    tenant_id       LowCardinality(String),
    user_id         String CODEC(ZSTD(1)),
    feature_version LowCardinality(String),
    user_segment    LowCardinality(String),
    geography       LowCardinality(String),
    first_seen      SimpleAggregateFunction(min, DateTime64(6, 'UTC')),
    last_seen       SimpleAggregateFunction(max, DateTime64(6, 'UTC'))
)
ENGINE = {{.Engine "AggregatingMergeTree"}}
ORDER BY (tenant_id, user_id, feature_version, user_segment, geography);

CREATE MATERIALIZED VIEW IF NOT EXISTS {{.DB}}.genai_users_mv {{.OnCluster}}
TO {{.DB}}.genai_users
AS SELECT src_tenant_id AS tenant_id, src_user_id AS user_id, src_feature_version AS feature_version,
    src_user_segment AS user_segment, src_geography AS geography,
    min(src_timestamp) AS first_seen, max(src_timestamp) AS last_seen
FROM
(
    SELECT tenant_id AS src_tenant_id, user_id AS src_user_id, feature_version AS src_feature_version,
        user_segment AS src_user_segment, geography AS src_geography, timestamp AS src_timestamp
    FROM {{.DB}}.genai_events
    WHERE user_id != ''
)
GROUP BY tenant_id, user_id, feature_version, user_segment, geography;
