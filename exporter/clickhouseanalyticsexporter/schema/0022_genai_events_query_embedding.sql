-- Query embeddings for semantic clustering. Apps (or an enrichment step) put a float array in
-- the span attribute aianalytics.query.embedding; the exporter keeps unmapped attributes in the
-- attributes map as JSON text, and this column parses it once at insert time (computed on read
-- for parts written before the column existed). Empty when the event carries no embedding.
ALTER TABLE {{.DB}}.genai_events {{.OnCluster}}
    ADD COLUMN IF NOT EXISTS query_embedding Array(Float32)
    MATERIALIZED JSONExtract(attributes['aianalytics.query.embedding'], 'Array(Float32)')
    CODEC(ZSTD(1));
