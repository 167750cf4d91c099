CREATE TABLE IF NOT EXISTS `ai_analytics`.genai_funnel_events_local 
(
    event_id    String CODEC(ZSTD(1)),
    timestamp   DateTime64(3, 'UTC') CODEC(Delta(8), ZSTD(1)),
    tenant_id   LowCardinality(String),
    user_id     String CODEC(ZSTD(1)),
    session_id  String CODEC(ZSTD(1)),
    stage       LowCardinality(String),
    details     Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    inserted_at DateTime64(3, 'UTC') DEFAULT now64(3) CODEC(Delta(8), ZSTD(1)),
    INDEX idx_timestamp timestamp TYPE minmax GRANULARITY 1,
    INDEX idx_user_id user_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_session_id session_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', inserted_at)
ORDER BY (tenant_id, event_id)

SETTINGS index_granularity = 8192, non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS `ai_analytics`.genai_funnel_events AS `ai_analytics`.genai_funnel_events_local ENGINE = Distributed(`analytics`, `ai_analytics`, `genai_funnel_events_local`, cityHash64(tenant_id, user_id));
