CREATE TABLE IF NOT EXISTS `ai_analytics`.genai_cohorts_local 
(
    tenant_id        LowCardinality(String),
    cohort_id        String,
    name             String,
    kind             LowCardinality(String),
    feature_version  String,
    user_segment     String,
    geography        String,
    first_seen_from  Nullable(DateTime64(6, 'UTC')),
    first_seen_to    Nullable(DateTime64(6, 'UTC')),
    created_at       DateTime64(6, 'UTC')
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', created_at)
ORDER BY (tenant_id, cohort_id);

CREATE TABLE IF NOT EXISTS `ai_analytics`.genai_cohorts AS `ai_analytics`.genai_cohorts_local ENGINE = Distributed(`analytics`, `ai_analytics`, `genai_cohorts_local`, cityHash64(tenant_id, cohort_id));

CREATE TABLE IF NOT EXISTS `ai_analytics`.genai_cohort_members_local 
(
    tenant_id   LowCardinality(String),
    cohort_id   String,
    generation  DateTime64(6, 'UTC'),
    user_id     String CODEC(ZSTD(1))
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
ORDER BY (tenant_id, cohort_id, generation, user_id);

CREATE TABLE IF NOT EXISTS `ai_analytics`.genai_cohort_members AS `ai_analytics`.genai_cohort_members_local ENGINE = Distributed(`analytics`, `ai_analytics`, `genai_cohort_members_local`, cityHash64(tenant_id, cohort_id));
