#!/usr/bin/env bash
# Local ClickHouse for `make run` / `make test`, without Docker and without
# downloads from clickhouse.com.
#
# Usage: scripts/clickhouse.sh start|stop|status|url
#
# How it gets a ClickHouse, in order:
#   1. CLICKHOUSE_ENDPOINT is set: that external server is used as is
#      (tcp://host:port, clickhouse://host:port, host:port or http(s)://...);
#      nothing is started or stopped.
#   2. Something already answers `SELECT 1` on the HTTP port: reused.
#   3. A `clickhouse` binary is on PATH: `clickhouse server` with a generated
#      minimal config.
#   4. Otherwise the ClickHouse engine embedded in chDB (libchdb.so, from the
#      npm package @chdb/lib-linux-x64-gnu, sha256-pinned) is fetched once
#      into the cache and served by cmd/chlauncher, which runs
#      clickhouse-local with its TCP and HTTP listeners on.
#
# Environment:
#   CLICKHOUSE_ENDPOINT      external server to use instead of a local one
#   CLICKHOUSE_TCP_PORT      native protocol port (9000)
#   CLICKHOUSE_HTTP_PORT     HTTP port (8123)
#   CLICKHOUSE_INSTANCE      name suffix to run several instances side by side
#                            (own data dir, pidfile and log; use other ports)
#   CLICKHOUSE_DATA_DIR      data dir ($REPO/.data/clickhouse[-INSTANCE]);
#                            pidfile and log are $CLICKHOUSE_DATA_DIR.pid/.log
#   CLICKHOUSE_CACHE_DIR     engine + launcher cache
#                            (${XDG_CACHE_HOME:-$HOME/.cache}/otelcol-aianalytics)
#   CLICKHOUSE_CONFIG_FILE   optional extra ClickHouse config (e.g. <remote_servers>)
#   CLICKHOUSE_LISTEN_HOST   listen address (127.0.0.1; status checks use
#                            127.0.0.1, so keep it 127.0.0.1, 0.0.0.0 or ::)
#   CLICKHOUSE_EXTRA_ARGS    chDB mode only: extra clickhouse-local arguments,
#                            space-separated; --setting=value ones become the
#                            defaults of every HTTP/TCP session, e.g.
#                            "--distributed_foreground_insert=1"
#   CLICKHOUSE_START_TIMEOUT seconds to wait for the server to answer (60)
set -euo pipefail

CHDB_PACKAGE="@chdb/lib-linux-x64-gnu"
CHDB_VERSION="26.7.3-stable.1"
CHDB_TGZ_SHA256="c0d32b129e988f2b9a9a31c9141aecf5e1e2453f9a079efc4d36ab8e3f92b2ad"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SCRIPT_DIR/.." && pwd)"

TCP_PORT="${CLICKHOUSE_TCP_PORT:-9000}"
HTTP_PORT="${CLICKHOUSE_HTTP_PORT:-8123}"
LISTEN_HOST="${CLICKHOUSE_LISTEN_HOST:-127.0.0.1}"
INSTANCE="${CLICKHOUSE_INSTANCE:-}"
ENDPOINT="${CLICKHOUSE_ENDPOINT:-}"
CONFIG_FILE="${CLICKHOUSE_CONFIG_FILE:-}"
EXTRA_ARGS="${CLICKHOUSE_EXTRA_ARGS:-}"
START_TIMEOUT="${CLICKHOUSE_START_TIMEOUT:-60}"
CACHE_DIR="${CLICKHOUSE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/otelcol-aianalytics}"

die() { echo "clickhouse.sh: $*" >&2; exit 1; }
say() { echo "$*"; }

if [[ -n "$INSTANCE" && ! "$INSTANCE" =~ ^[A-Za-z0-9_.-]+$ ]]; then
  die "CLICKHOUSE_INSTANCE must match [A-Za-z0-9_.-]+ (got '$INSTANCE')"
fi
for p in "$TCP_PORT" "$HTTP_PORT" "$START_TIMEOUT"; do
  [[ "$p" =~ ^[0-9]+$ ]] || die "ports and timeout must be numbers (got '$p')"
done

DATA_DIR="${CLICKHOUSE_DATA_DIR:-$REPO/.data/clickhouse${INSTANCE:+-$INSTANCE}}"
PIDFILE="$DATA_DIR.pid"
LOGFILE="$DATA_DIR.log"
LOCKFILE="$DATA_DIR.lock"
NAME="ClickHouse${INSTANCE:+ instance '$INSTANCE'}"

CHDB_LIB="$CACHE_DIR/chdb/$CHDB_VERSION/libchdb.so"
LAUNCHER="$CACHE_DIR/bin/chlauncher"

local_desc() { echo "native tcp://127.0.0.1:$TCP_PORT, http://127.0.0.1:$HTTP_PORT"; }

need_curl() { command -v curl >/dev/null 2>&1 || die "curl is required (apt-get install curl)"; }

# http_answers PORT: true when a ClickHouse on 127.0.0.1:PORT returns 1 for SELECT 1.
# --noproxy: a configured http_proxy must not intercept localhost checks.
http_answers() {
  local out
  out="$(curl -s --noproxy '*' --max-time 2 "http://127.0.0.1:$1/?query=SELECT%201" 2>/dev/null || true)"
  [[ "$out" == "1" ]]
}

# tcp_open HOST PORT: true when a TCP connection can be opened.
tcp_open() {
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# endpoint_reachable: checks CLICKHOUSE_ENDPOINT. http(s) endpoints must answer
# /ping; anything else is treated as a native endpoint and must accept TCP.
endpoint_reachable() {
  local ep="$ENDPOINT" scheme="" hostport host port
  if [[ "$ep" == *"://"* ]]; then scheme="${ep%%://*}"; ep="${ep#*://}"; fi
  case "$scheme" in
    http|https)
      need_curl
      curl -fs --max-time 3 -o /dev/null "$scheme://${ep%%[/?]*}/ping" 2>/dev/null
      return
      ;;
  esac
  hostport="${ep%%[/?]*}"      # drop path / query (?database=...)
  hostport="${hostport##*@}"   # drop user:password@
  if [[ "$hostport" =~ ^\[(.*)\](:([0-9]+))?$ ]]; then # [ipv6]:port
    host="${BASH_REMATCH[1]}"; port="${BASH_REMATCH[3]:-9000}"
  elif [[ "$hostport" == *:* ]]; then
    host="${hostport%:*}"; port="${hostport##*:}"
  else
    host="$hostport"; port=9000
  fi
  [[ -n "$host" && "$port" =~ ^[0-9]+$ ]] || return 1
  tcp_open "$host" "$port"
}

# our_pid: prints the pid from the pidfile if that process is still ours.
our_pid() {
  local pid
  [[ -f "$PIDFILE" ]] || return 1
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against pid reuse: only chlauncher / clickhouse processes count.
  if [[ -r "/proc/$pid/cmdline" ]] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qE 'chlauncher|clickhouse'; then
    return 1
  fi
  echo "$pid"
}

lock() { # lock FD FILE: serialize with flock when available.
  if command -v flock >/dev/null 2>&1; then
    eval "exec $1>\"\$2\""
    flock "$1"
  fi
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then shasum -a 256 "$1" | cut -d' ' -f1
  else die "sha256sum (coreutils) is required to verify the ClickHouse engine"
  fi
}

# ensure_engine: $CHDB_LIB, fetched from the npm registry and sha256-verified.
ensure_engine() {
  [[ -f "$CHDB_LIB" ]] && return 0
  command -v npm >/dev/null 2>&1 || die "npm is required to fetch the ClickHouse engine (apt-get install npm)"
  mkdir -p "$CACHE_DIR/chdb"
  lock 9 "$CACHE_DIR/chdb/.lock"
  [[ -f "$CHDB_LIB" ]] && return 0 # fetched by a concurrent run meanwhile

  local tmp tgz sum
  tmp="$(mktemp -d "$CACHE_DIR/chdb/.fetch.XXXXXX")"
  # shellcheck disable=SC2064
  trap "rm -rf '$tmp'" EXIT
  echo "Fetching ClickHouse engine $CHDB_PACKAGE@$CHDB_VERSION from the npm registry (~178 MB, once)..." >&2
  # Private npm cache so the 178 MB tarball is not kept twice.
  if ! (cd "$tmp" && npm pack --silent --cache "$tmp/npm-cache" "$CHDB_PACKAGE@$CHDB_VERSION" >"$tmp/pack.out" 2>"$tmp/pack.err"); then
    cat "$tmp/pack.err" >&2
    die "npm pack $CHDB_PACKAGE@$CHDB_VERSION failed"
  fi
  tgz="$(find "$tmp" -maxdepth 1 -name '*.tgz' -print -quit)"
  [[ -n "$tgz" ]] || die "npm pack produced no tarball"
  sum="$(sha256_of "$tgz")"
  if [[ "$sum" != "$CHDB_TGZ_SHA256" ]]; then
    die "checksum mismatch for $CHDB_PACKAGE@$CHDB_VERSION: got $sum, want $CHDB_TGZ_SHA256 (refusing to use it)"
  fi
  tar -xzf "$tgz" -C "$tmp" package/libchdb.so || die "cannot extract libchdb.so from $tgz"
  mkdir -p "$(dirname "$CHDB_LIB")"
  mv -f "$tmp/package/libchdb.so" "$CHDB_LIB" # same filesystem: atomic rename
  rm -rf "$tmp"
  trap - EXIT
  echo "ClickHouse engine cached at $CHDB_LIB" >&2
}

# ensure_launcher: $LAUNCHER built from cmd/chlauncher, rebuilt when sources change.
ensure_launcher() {
  local src="$REPO/cmd/chlauncher"
  [[ -d "$src" ]] || die "missing $src"
  if [[ -x "$LAUNCHER" && -z "$(find "$src" -type f -newer "$LAUNCHER" -print -quit)" ]]; then
    return 0
  fi
  command -v go >/dev/null 2>&1 || die "go is required to build cmd/chlauncher"
  command -v "${CC:-gcc}" >/dev/null 2>&1 || die "gcc is required (apt-get install gcc)"
  mkdir -p "$CACHE_DIR/bin"
  lock 9 "$CACHE_DIR/bin/.lock"
  echo "Building $LAUNCHER..." >&2
  local tmpbin="$LAUNCHER.tmp.$$"
  if ! (cd "$REPO" && CGO_ENABLED=1 go build -o "$tmpbin" ./cmd/chlauncher); then
    rm -f "$tmpbin"
    die "building cmd/chlauncher failed"
  fi
  mv -f "$tmpbin" "$LAUNCHER"
}

# write_server_config DIR: minimal config for a real `clickhouse server`.
write_server_config() {
  local dir="$1"
  mkdir -p "$dir/config.d"
  cat >"$dir/config.xml" <<EOF
<clickhouse>
  <logger>
    <level>information</level>
    <log>$LOGFILE</log>
    <errorlog>$LOGFILE</errorlog>
    <console>0</console>
  </logger>
  <listen_host>$LISTEN_HOST</listen_host>
  <tcp_port>$TCP_PORT</tcp_port>
  <http_port>$HTTP_PORT</http_port>
  <path>$DATA_DIR/</path>
  <tmp_path>$DATA_DIR/tmp/</tmp_path>
  <user_files_path>$DATA_DIR/user_files/</user_files_path>
  <format_schema_path>$DATA_DIR/format_schemas/</format_schema_path>
  <users_config>users.xml</users_config>
</clickhouse>
EOF
  cat >"$dir/users.xml" <<'EOF'
<clickhouse>
  <profiles><default/></profiles>
  <quotas><default/></quotas>
  <users>
    <default>
      <password></password>
      <networks><ip>::/0</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
      <access_management>1</access_management>
    </default>
  </users>
</clickhouse>
EOF
  rm -f "$dir/config.d/"*.xml
  # An extra config (e.g. <remote_servers>) is merged in via config.d.
  if [[ -n "$CONFIG_FILE" ]]; then
    cp "$CONFIG_FILE" "$dir/config.d/extra.xml"
  fi
}

# launch CMD...: start in the background, detached from this shell.
launch() {
  local detach=()
  command -v setsid >/dev/null 2>&1 && detach=(setsid)
  # 8>&- 9>&-: the server must not inherit (and so hold) our lock files.
  nohup "${detach[@]}" "$@" >>"$LOGFILE" 2>&1 </dev/null 8>&- 9>&- &
  echo $! >"$PIDFILE"
}

start_local() {
  mkdir -p "$DATA_DIR"
  if [[ -n "$CONFIG_FILE" && ! -r "$CONFIG_FILE" ]]; then
    die "CLICKHOUSE_CONFIG_FILE=$CONFIG_FILE is not readable"
  fi
  if tcp_open 127.0.0.1 "$TCP_PORT"; then
    die "port $TCP_PORT is in use but no ClickHouse answers on http port $HTTP_PORT (set CLICKHOUSE_TCP_PORT / CLICKHOUSE_HTTP_PORT)"
  fi
  # Keep the previous run's log: when a server died on its own, its last words are there.
  [[ -s "$LOGFILE" ]] && mv -f "$LOGFILE" "$LOGFILE.previous"
  : >"$LOGFILE"
  if command -v clickhouse >/dev/null 2>&1; then
    local confdir="$DATA_DIR.server"
    write_server_config "$confdir"
    echo "Starting $NAME with $(command -v clickhouse) server..." >&2
    launch clickhouse server --config-file="$confdir/config.xml"
  else
    ensure_engine
    ensure_launcher
    local args=(-lib "$CHDB_LIB" -path "$DATA_DIR" -tcp-port "$TCP_PORT" -http-port "$HTTP_PORT" -listen-host "$LISTEN_HOST")
    [[ -n "$CONFIG_FILE" ]] && args+=(-config-file "$CONFIG_FILE")
    if [[ -n "$EXTRA_ARGS" ]]; then
      local extra
      read -r -a extra <<<"$EXTRA_ARGS"
      args+=(-- "${extra[@]}")
    fi
    echo "Starting $NAME (chDB engine $CHDB_VERSION)..." >&2
    launch "$LAUNCHER" "${args[@]}"
  fi
}

wait_ready() {
  local pid="$1" deadline=$((SECONDS + START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if http_answers "$HTTP_PORT"; then
      say "$NAME listening on $(local_desc) (data $DATA_DIR, log $LOGFILE)"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PIDFILE"
      echo "clickhouse.sh: $NAME exited during startup; last log lines ($LOGFILE):" >&2
      tail -n 30 "$LOGFILE" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
  echo "clickhouse.sh: $NAME did not answer on http port $HTTP_PORT within ${START_TIMEOUT}s; last log lines ($LOGFILE):" >&2
  tail -n 30 "$LOGFILE" >&2 || true
  exit 1
}

cmd_start() {
  if [[ -n "$ENDPOINT" ]]; then
    endpoint_reachable || die "CLICKHOUSE_ENDPOINT=$ENDPOINT is not reachable (unset it to run a local ClickHouse)"
    say "Using external ClickHouse at $ENDPOINT"
    return 0
  fi
  need_curl
  mkdir -p "$(dirname "$DATA_DIR")"
  lock 8 "$LOCKFILE" # one start per instance at a time
  if http_answers "$HTTP_PORT"; then
    say "ClickHouse already running on $(local_desc)"
    return 0
  fi
  local pid
  if pid="$(our_pid)"; then
    echo "$NAME (pid $pid) is starting; waiting..." >&2
  else
    rm -f "$PIDFILE"
    start_local
    pid="$(cat "$PIDFILE")"
  fi
  wait_ready "$pid"
}

cmd_stop() {
  local pid
  if ! pid="$(our_pid)"; then
    rm -f "$PIDFILE"
    if [[ -n "$ENDPOINT" ]]; then
      say "CLICKHOUSE_ENDPOINT is set; the external ClickHouse is not managed here"
    else
      say "$NAME is not running (no live pid in $PIDFILE)"
    fi
    return 0
  fi
  # setsid made it a process group leader: signal the group (covers a
  # clickhouse server watchdog child), otherwise just the pid.
  local target="$pid"
  [[ "$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')" == "$pid" ]] && target="-$pid"
  kill -TERM -- "$target" 2>/dev/null || true
  local i
  for ((i = 0; i < 20; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$NAME (pid $pid) ignored SIGTERM for 10s; sending SIGKILL" >&2
    kill -KILL -- "$target" 2>/dev/null || true
    for ((i = 0; i < 20; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
  fi
  rm -f "$PIDFILE"
  say "$NAME stopped (pid $pid)"
}

cmd_status() {
  if [[ -n "$ENDPOINT" ]]; then
    if endpoint_reachable; then say "$ENDPOINT"; return 0; fi
    echo "CLICKHOUSE_ENDPOINT=$ENDPOINT is not reachable" >&2
    return 1
  fi
  need_curl
  if http_answers "$HTTP_PORT"; then
    say "ClickHouse running on $(local_desc)"
    return 0
  fi
  echo "$NAME is not running on http port $HTTP_PORT" >&2
  return 1
}

cmd_url() {
  if [[ -n "$ENDPOINT" ]]; then say "$ENDPOINT"; else say "tcp://127.0.0.1:$TCP_PORT"; fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  url) cmd_url ;;
  *)
    echo "usage: $0 start|stop|status|url" >&2
    exit 2
    ;;
esac
