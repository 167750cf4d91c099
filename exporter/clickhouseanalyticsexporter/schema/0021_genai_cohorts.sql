-- Cohorts defined through the analytics API (POST /v1/analytics/cohorts). A definition is either
-- criteria (resolved against genai_events when compared) or an explicit member list. Redefining
-- a cohort id replaces it (ReplacingMergeTree on created_at; read with FINAL).
CREATE TABLE IF NOT EXISTS {{.DB}}.genai_cohorts {{.OnCluster}}
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
ENGINE = {{.Engine "ReplacingMergeTree" "created_at"}}
ORDER BY (tenant_id, cohort_id);

-- Members of explicit cohorts. generation is the created_at of the definition they belong to,
-- so redefining a cohort with a new list does not mix the old members in.
CREATE TABLE IF NOT EXISTS {{.DB}}.genai_cohort_members {{.OnCluster}}
(
    tenant_id   LowCardinality(String),
    cohort_id   String,
    generation  DateTime64(6, 'UTC'),
    user_id     String CODEC(ZSTD(1))
)
ENGINE = {{.Engine "ReplacingMergeTree"}}
ORDER BY (tenant_id, cohort_id, generation, user_id);
