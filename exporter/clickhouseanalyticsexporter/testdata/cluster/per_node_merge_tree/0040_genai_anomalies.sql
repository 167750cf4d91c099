CREATE TABLE IF NOT EXISTS `ai_analytics`.genai_anomalies_local 
(
    alert_id       UUID,
    timestamp      DateTime64(6, 'UTC') CODEC(Delta(8), ZSTD(1)),
    tenant_id      LowCardinality(String),
    provider       LowCardinality(String),
    model          LowCardinality(String),
    type           LowCardinality(String),
    severity       LowCardinality(String),
    metric         LowCardinality(String),
    expected_value Float64 CODEC(ZSTD(1)),
    actual_value   Float64 CODEC(ZSTD(1)),
    description    String CODEC(ZSTD(3)),
    window_start   DateTime64(6, 'UTC') CODEC(Delta(8), ZSTD(1)),
    window_end     DateTime64(6, 'UTC') CODEC(Delta(8), ZSTD(1)),
    resolved_at    Nullable(DateTime64(6, 'UTC')),
    version        UInt64,
    inserted_at    DateTime64(3, 'UTC') DEFAULT now64(3) CODEC(Delta(8), ZSTD(1)),
    INDEX idx_window_start window_start TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (tenant_id, alert_id);

CREATE TABLE IF NOT EXISTS `ai_analytics`.genai_anomalies AS `ai_analytics`.genai_anomalies_local ENGINE = Distributed(`analytics`, `ai_analytics`, `genai_anomalies_local`, cityHash64(tenant_id, alert_id));
