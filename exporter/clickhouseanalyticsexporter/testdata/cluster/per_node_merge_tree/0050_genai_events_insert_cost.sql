ALTER TABLE `ai_analytics`.genai_events_local  DROP INDEX IF EXISTS idx_session_id;

ALTER TABLE `ai_analytics`.genai_events_local 
    MODIFY COLUMN query String CODEC(ZSTD(1)),
    MODIFY COLUMN response String CODEC(ZSTD(1));

ALTER TABLE `ai_analytics`.genai_events 
    MODIFY COLUMN query String CODEC(ZSTD(1)),
    MODIFY COLUMN response String CODEC(ZSTD(1));
