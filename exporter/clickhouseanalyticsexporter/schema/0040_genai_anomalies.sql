-- One row per anomaly alert (an incident on one series, raised by the genaianalytics
-- processor's anomaly stage). An alert is written when it opens and again, with a higher
-- version, when it resolves (resolved_at set) or reopens within its cooldown: the
-- ReplacingMergeTree keeps the highest version per (tenant_id, alert_id), so read with FINAL
-- to see each incident as one row. Alerts are few, so the table is not partitioned: every
-- version of an alert always meets in the same key.
CREATE TABLE IF NOT EXISTS {{.DB}}.genai_anomalies {{.OnCluster}}
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
ENGINE = {{.Engine "ReplacingMergeTree" "version"}}
ORDER BY (tenant_id, alert_id)
{{.TTL "anomalies" "window_start"}}
