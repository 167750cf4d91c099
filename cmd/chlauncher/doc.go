// Command chlauncher runs a real ClickHouse server on this machine without
// Docker and without a download from clickhouse.com.
//
// It loads libchdb.so (the embedded ClickHouse engine that chDB ships as the
// npm package @chdb/lib-linux-x64-gnu) with dlopen and calls its exported
// chdb_query_cmdline(argc, argv), which is clickhouse-local's main(). The
// arguments make clickhouse-local open a persistent data directory, start the
// native TCP and HTTP listeners (SYSTEM START LISTEN ...) and then run a
// query that never ends in practice, so the listeners stay up, serving the
// real native and HTTP protocols, for as long as this process lives.
//
// Usage:
//
//	chlauncher -lib /path/libchdb.so -path DIR [-tcp-port 9000] [-http-port 8123]
//	           [-listen-host 127.0.0.1] [-config-file F] [-- extra clickhouse-local args]
//
// The library is loaded at run time (not linked) so that the binary builds
// with only gcc and the standard library, and the 178 MB engine can live in a
// user cache. scripts/clickhouse.sh fetches the engine, builds this program
// and starts it in the background; stop it with SIGTERM (or SIGKILL).
//
// chlauncher exits non-zero with a message when the library cannot be loaded
// or when chdb_query_cmdline returns, which only happens on error (for
// example a port already in use).
package main
