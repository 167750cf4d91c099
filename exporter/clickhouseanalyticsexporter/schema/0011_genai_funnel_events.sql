-- One row per funnel event: the stages an app reports (satisfied, action_taken, converted, …)
-- and ai_query / response_received derived from GenAI spans. Keyed like genai_feedback:
-- (tenant_id, event_id), unpartitioned, so a resend collapses into one row whenever it
-- arrives. Analyses read with FINAL.
CREATE TABLE IF NOT EXISTS {{.DB}}.genai_funnel_events {{.OnCluster}}
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
ENGINE = {{.Engine "ReplacingMergeTree" "inserted_at"}}
ORDER BY (tenant_id, event_id)
{{.TTL "funnel" "timestamp"}}
SETTINGS index_granularity = 8192, non_replicated_deduplication_window = 1000;
