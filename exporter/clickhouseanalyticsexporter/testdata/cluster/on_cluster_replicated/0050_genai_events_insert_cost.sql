ALTER TABLE `ai_analytics`.genai_events_local ON CLUSTER `analytics` DROP INDEX IF EXISTS idx_session_id;

ALTER TABLE `ai_analytics`.genai_events_local ON CLUSTER `analytics`
    MODIFY COLUMN query String CODEC(ZSTD(1)),
    MODIFY COLUMN response String CODEC(ZSTD(1));

ALTER TABLE `ai_analytics`.genai_events ON CLUSTER `analytics`
    MODIFY COLUMN query String CODEC(ZSTD(1)),
    MODIFY COLUMN response String CODEC(ZSTD(1));
