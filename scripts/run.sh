#!/usr/bin/env bash
# Starts (or stops) the collector in the background for `make run` / `make stop`.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA_DIR="${AIANALYTICS_DATA_DIR:-$REPO/.data}"
PIDFILE="$DATA_DIR/collector.pid"
LOGFILE="$DATA_DIR/collector.log"
BINARY="${BINARY:-$REPO/bin/otelcol-aianalytics}"
CONFIG="${CONFIG:-$REPO/config/otelcol-aianalytics.yaml}"
HEALTH_URL="http://localhost:13133/"

running_pid() {
  [[ -f "$PIDFILE" ]] || return 1
  local pid; pid="$(cat "$PIDFILE")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start() {
  mkdir -p "$DATA_DIR"
  local pid
  if pid="$(running_pid)"; then
    echo "otelcol-aianalytics is already running (pid $pid, log $LOGFILE)."
    echo "Stop it with: make stop"
    return 0
  fi
  [[ -x "$BINARY" ]] || { echo "error: $BINARY not built (run: make build)" >&2; exit 1; }
  export AIANALYTICS_DATA_DIR="$DATA_DIR"
  export CLICKHOUSE_ENDPOINT="${CLICKHOUSE_ENDPOINT:-$(bash "$REPO/scripts/clickhouse.sh" url)}"
  cd "$REPO"
  nohup setsid "$BINARY" --config "$CONFIG" >>"$LOGFILE" 2>&1 < /dev/null &
  echo $! > "$PIDFILE"
  for _ in $(seq 1 100); do
    if curl -fsS "$HEALTH_URL" >/dev/null 2>&1; then
      cat <<MSG
otelcol-aianalytics is running (pid $(cat "$PIDFILE"), log $LOGFILE)
  OTLP gRPC : localhost:4317
  OTLP HTTP : http://localhost:4318/v1/traces
  Feedback  : http://localhost:4319/v1/feedback, /v1/funnel
  Analytics : http://localhost:4320/  (dashboard; API under /v1/analytics/…, /v1/openapi.json)
  ClickHouse: $CLICKHOUSE_ENDPOINT  (database ai_analytics)

Send a test span:
  curl -s http://localhost:4318/v1/traces -H 'Content-Type: application/json' -d @testdata/otlp/chat-span.json
Or a realistic burst: make demo
Ask the API (tenant acme, from the test span's day, 2025-11-27, until now; make demo sends spans of today):
  curl -s "http://localhost:4320/v1/analytics/popular-queries?tenant=acme&from=2025-11-27T00:00:00Z&to=\$(date -u +%FT%TZ)"
See the rows:
  curl -s 'http://127.0.0.1:${CLICKHOUSE_HTTP_PORT:-8123}/' --data-binary "SELECT timestamp, tenant_id, provider, request_model, input_tokens, output_tokens, cost_usd, query FROM ai_analytics.genai_events FINAL ORDER BY timestamp DESC LIMIT 10 FORMAT PrettyCompact"
Stop: make stop   (ClickHouse: make clickhouse-stop)
MSG
      return 0
    fi
    if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
      echo "error: the collector exited during start-up; last lines of $LOGFILE:" >&2
      tail -n 30 "$LOGFILE" >&2
      rm -f "$PIDFILE"
      exit 1
    fi
    sleep 0.2
  done
  echo "error: the collector did not become healthy within 20 s; see $LOGFILE" >&2
  exit 1
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    echo "otelcol-aianalytics is not running."
    rm -f "$PIDFILE"
    return 0
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$PIDFILE"; echo "otelcol-aianalytics stopped."; return 0; }
    sleep 0.2
  done
  echo "collector did not stop within 30 s; sending SIGKILL" >&2
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
}

status() {
  local pid
  if pid="$(running_pid)"; then
    echo "otelcol-aianalytics is already running (pid $pid, log $LOGFILE). Stop it with: make stop"
    return 0
  fi
  return 1
}

case "${1:-}" in
  start) start ;;
  status) status ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
