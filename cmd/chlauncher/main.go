package main

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdlib.h>

// chdb.h (chDB v3 API): chdb_result *chdb_query_cmdline(int, char **);
//                       const char *chdb_result_error(chdb_result *);
// chdb_result is opaque, so plain void * is enough here.
typedef void *(*query_cmdline_fn)(int, char **);
typedef const char *(*result_error_fn)(void *);

static void *call_query_cmdline(void *fn, int argc, char **argv) {
	return ((query_cmdline_fn)fn)(argc, argv);
}

static const char *call_result_error(void *fn, void *res) {
	return ((result_error_fn)fn)(res);
}
*/
import "C"

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"unsafe"
)

// keepAliveQuery starts the listeners, then blocks. sleepEachRow(1) over
// numbers(1e9) with one row per block sleeps one second per row, i.e. ~31
// years, and uses no measurable CPU while sleeping. The SETTINGS lift the
// default per-block sleep cap and force one row per block so the sleep is
// split into 1 s steps (each step is a point where the query could be
// cancelled).
const keepAliveQuery = "SYSTEM START LISTEN TCP; SYSTEM START LISTEN HTTP; " +
	"SELECT sleepEachRow(1) FROM numbers(1000000000) FORMAT Null " +
	"SETTINGS max_block_size = 1, function_sleep_max_microseconds_per_block = 0"

func main() {
	lib := flag.String("lib", "", "path to libchdb.so (required)")
	dataPath := flag.String("path", "", "ClickHouse data directory (required; persisted across restarts)")
	tcpPort := flag.Int("tcp-port", 9000, "native protocol port")
	httpPort := flag.Int("http-port", 8123, "HTTP interface port")
	listenHost := flag.String("listen-host", "127.0.0.1", "address to listen on")
	configFile := flag.String("config-file", "", "optional ClickHouse config file (e.g. with <remote_servers>)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(),
			"usage: %s -lib libchdb.so -path DIR [flags] [-- extra clickhouse-local args]\n", os.Args[0])
		flag.PrintDefaults()
	}
	flag.Parse()
	if *lib == "" || *dataPath == "" {
		flag.Usage()
		os.Exit(2)
	}

	args := []string{
		"clickhouse",
		"--path=" + *dataPath,
		"--listen_host=" + *listenHost,
		"--tcp_port=" + strconv.Itoa(*tcpPort),
		"--http_port=" + strconv.Itoa(*httpPort),
	}
	if *configFile != "" {
		args = append(args, "--config-file="+*configFile)
	}
	// Everything after "--" goes to clickhouse-local verbatim.
	args = append(args, flag.Args()...)
	args = append(args, "--multiquery", "--query", keepAliveQuery)

	// Like clickhouse-server, ignore SIGPIPE: a client that disconnects
	// mid-response must give the engine's threads EPIPE, not kill the
	// process (Go would otherwise apply the default action on non-Go threads).
	signal.Ignore(syscall.SIGPIPE)

	os.Exit(run(*lib, args))
}

func run(lib string, args []string) int {
	clib := C.CString(lib)
	defer C.free(unsafe.Pointer(clib))
	handle := C.dlopen(clib, C.RTLD_NOW|C.RTLD_GLOBAL)
	if handle == nil {
		fmt.Fprintf(os.Stderr, "chlauncher: cannot load %s: %s\n", lib, C.GoString(C.dlerror()))
		return 1
	}
	queryFn := lookup(handle, "chdb_query_cmdline")
	if queryFn == nil {
		fmt.Fprintf(os.Stderr, "chlauncher: %s has no chdb_query_cmdline (not a chDB v3 library?)\n", lib)
		return 1
	}
	errFn := lookup(handle, "chdb_result_error")

	// argv must live in C memory for the duration of the call.
	argv := C.malloc(C.size_t(len(args)+1) * C.size_t(unsafe.Sizeof(uintptr(0))))
	defer C.free(argv)
	cargv := unsafe.Slice((**C.char)(argv), len(args)+1)
	for i, a := range args {
		cargv[i] = C.CString(a)
		defer C.free(unsafe.Pointer(cargv[i]))
	}
	cargv[len(args)] = nil

	fmt.Fprintf(os.Stderr, "chlauncher: starting ClickHouse engine from %s\n", lib)
	res := C.call_query_cmdline(queryFn, C.int(len(args)), (**C.char)(argv))

	// Only reached if the server stopped: the keep-alive query failed or
	// (after decades) finished.
	msg := "keep-alive query ended (see any ClickHouse error above)"
	if res == nil {
		msg = "chdb_query_cmdline returned no result (startup failed; see log above)"
	} else if errFn != nil {
		if e := C.call_result_error(errFn, res); e != nil && C.GoString(e) != "" {
			msg = "ClickHouse error: " + C.GoString(e)
		}
	}
	fmt.Fprintf(os.Stderr, "chlauncher: server stopped: %s\n", msg)
	return 1
}

func lookup(handle unsafe.Pointer, name string) unsafe.Pointer {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	return C.dlsym(handle, cname)
}
