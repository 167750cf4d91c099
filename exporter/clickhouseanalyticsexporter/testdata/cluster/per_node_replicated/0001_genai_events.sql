CREATE TABLE IF NOT EXISTS `ai_analytics`.genai_events_local 
(
    event_id           UUID,
    timestamp          DateTime64(6, 'UTC') CODEC(Delta(8), ZSTD(1)),
    tenant_id          LowCardinality(String),
    user_id            String CODEC(ZSTD(1)),
    session_id         String CODEC(ZSTD(1)),
    trace_id           String CODEC(ZSTD(1)),
    span_id            String CODEC(ZSTD(1)),
    service_name       LowCardinality(String),
    operation          LowCardinality(String),
    provider           LowCardinality(String),
    request_model      LowCardinality(String),
    response_model     LowCardinality(String),
    temperature        Nullable(Float32),
    input_tokens       UInt32 CODEC(T64, ZSTD(1)),
    output_tokens      UInt32 CODEC(T64, ZSTD(1)),
    cache_read_tokens  UInt32 CODEC(T64, ZSTD(1)),
    cache_write_tokens UInt32 CODEC(T64, ZSTD(1)),
    reasoning_tokens   UInt32 CODEC(T64, ZSTD(1)),
    cost_usd           Nullable(Float64) CODEC(ZSTD(1)),
    cost_source        LowCardinality(String),
    latency_ms         Float64 CODEC(ZSTD(1)),
    query              String CODEC(ZSTD(3)),
    query_fingerprint  UInt64 CODEC(ZSTD(1)),
    response           String CODEC(ZSTD(3)),
    response_id        String CODEC(ZSTD(1)),
    response_length    UInt32 CODEC(T64, ZSTD(1)),
    finish_reason      LowCardinality(String),
    error              Bool,
    error_type         LowCardinality(String),
    zero_result        Bool,
    zero_result_reason LowCardinality(String),
    query_category     LowCardinality(String),
    user_source        LowCardinality(String),
    feature_version    LowCardinality(String),
    user_segment       LowCardinality(String),
    geography          LowCardinality(String),
    anomaly_flags      Array(LowCardinality(String)),
    attributes         Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    inserted_at        DateTime64(3, 'UTC') DEFAULT now64(3) CODEC(Delta(8), ZSTD(1)),
    INDEX idx_response_id response_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_user_id user_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_session_id session_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_trace_id trace_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', inserted_at)
PARTITION BY toDate(timestamp)
ORDER BY (tenant_id, toStartOfHour(timestamp), event_id)

SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS `ai_analytics`.genai_events AS `ai_analytics`.genai_events_local ENGINE = Distributed(`analytics`, `ai_analytics`, `genai_events_local`, cityHash64(tenant_id, user_id));
