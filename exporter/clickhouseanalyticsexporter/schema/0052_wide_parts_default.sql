-- Issue 7: back to ClickHouse's default min_bytes_for_wide_part (10 MB) after 0051. Compact
-- parts up to 256 MB opened ~17 % fewer files while inserting, but the server's CPU stayed
-- within run-to-run noise, and over 10M events in day partitions of ~160 MB (one part each)
-- the analytics endpoints that read few columns were slower on compact parts (zero-results
-- 431–524 → 622 ms p95, satisfaction by model 920–1182 → 1279 ms; BENCHMARKS.md).
ALTER TABLE {{.DB}}.genai_events {{.OnCluster}} RESET SETTING min_bytes_for_wide_part;
ALTER TABLE {{.DB}}.genai_feedback {{.OnCluster}} RESET SETTING min_bytes_for_wide_part;
ALTER TABLE {{.DB}}.genai_users {{.OnCluster}} RESET SETTING min_bytes_for_wide_part;
ALTER TABLE {{.DB}}.genai_events_1m {{.OnCluster}} RESET SETTING min_bytes_for_wide_part;
