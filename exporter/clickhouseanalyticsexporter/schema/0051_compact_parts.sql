-- Issue 7: fewer files per part. ClickHouse writes a part smaller than min_bytes_for_wide_part
-- (default 10 MB) as one data file ("compact"), a larger one as two files per column stream
-- ("wide": ~130 files for genai_events). Inserts of a few thousand rows are compact, but every
-- merge past 10 MB wrote a wide part, so a busy exporter made the server create and remove
-- thousands of files a minute, which costs kernel time on any filesystem (on the benchmark
-- machine, ext4 without a journal, the inode allocator alone took up to a quarter of the
-- server's CPU). Parts stay compact up to 256 MB uncompressed now (a few hundred thousand
-- events): ~17 % fewer files opened by the server at 25k spans/s, and the analytics endpoints
-- over 1M events were not slower (BENCHMARKS.md). The large parts long ranges read stay wide.
ALTER TABLE {{.DB}}.genai_events {{.OnCluster}} MODIFY SETTING min_bytes_for_wide_part = 268435456;
ALTER TABLE {{.DB}}.genai_feedback {{.OnCluster}} MODIFY SETTING min_bytes_for_wide_part = 268435456;
ALTER TABLE {{.DB}}.genai_users {{.OnCluster}} MODIFY SETTING min_bytes_for_wide_part = 268435456;
ALTER TABLE {{.DB}}.genai_events_1m {{.OnCluster}} MODIFY SETTING min_bytes_for_wide_part = 268435456;
