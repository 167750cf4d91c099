-- Issue 7: ClickHouse CPU per inserted span (BenchmarkServerCost in server_cost_bench_test.go
-- measures it per schema variant).
--
-- idx_session_id: no analysis filters on session_id, so the bloom filter was built on every
-- insert and merge for nothing. The response_id, user_id and trace_id indexes serve the
-- feedback joins and the user filters of the analytics API and stay.
ALTER TABLE {{.DB}}.genai_events {{.OnCluster}} DROP INDEX IF EXISTS idx_session_id;

-- query and response are the largest columns; ZSTD(3) cost more CPU than ZSTD(1) on every
-- insert and on every merge that rewrites them, for a few percent of their size. A codec change
-- is metadata only: parts written before keep ZSTD(3) until a merge rewrites them.
ALTER TABLE {{.DB}}.genai_events {{.OnCluster}}
    MODIFY COLUMN query String CODEC(ZSTD(1)),
    MODIFY COLUMN response String CODEC(ZSTD(1));
