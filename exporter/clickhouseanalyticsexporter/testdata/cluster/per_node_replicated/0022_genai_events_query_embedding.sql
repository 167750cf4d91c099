ALTER TABLE `ai_analytics`.genai_events_local 
    ADD COLUMN IF NOT EXISTS query_embedding Array(Float32)
    MATERIALIZED JSONExtract(attributes['aianalytics.query.embedding'], 'Array(Float32)')
    CODEC(ZSTD(1));

ALTER TABLE `ai_analytics`.genai_events 
    ADD COLUMN IF NOT EXISTS query_embedding Array(Float32)
    MATERIALIZED JSONExtract(attributes['aianalytics.query.embedding'], 'Array(Float32)')
    CODEC(ZSTD(1));
