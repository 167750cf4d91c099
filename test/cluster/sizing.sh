#!/usr/bin/env bash
# Sizing run for docs/scale-out.md: one collector (bin/otelcol-aianalytics) and one ClickHouse
# node of its own (instance "sizing", never the shared one), SPANS loadgen chat spans sent flat
# out over OTLP/gRPC; prints rows/s and the CPU seconds each process used, hence rows per
# CPU-second of collector and of ClickHouse. Usage: test/cluster/sizing.sh [SPANS]
set -euo pipefail
cd "$(dirname "$0")/../.."
SPANS="${1:-100000}"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
TCP=$(free_port); HTTP=$(free_port); GRPC=$(free_port); HEALTH=$(free_port)
export CLICKHOUSE_ENDPOINT= CLICKHOUSE_INSTANCE=sizing CLICKHOUSE_TCP_PORT=$TCP CLICKHOUSE_HTTP_PORT=$HTTP
WORK=$(mktemp -d); export CLICKHOUSE_DATA_DIR="$WORK/ch"
COLL=""
cleanup() {
  [[ -n "$COLL" ]] && kill "$COLL" 2>/dev/null && wait "$COLL" 2>/dev/null || true
  bash scripts/clickhouse.sh stop >/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
bash scripts/clickhouse.sh start >/dev/null
CH_PID=$(cat "$CLICKHOUSE_DATA_DIR.pid")
cat >"$WORK/collector.yaml" <<YAML
extensions:
  health_check: {endpoint: 127.0.0.1:$HEALTH}
receivers:
  otlp:
    protocols:
      grpc: {endpoint: 127.0.0.1:$GRPC}
processors:
  genaianalytics: {}
exporters:
  clickhouseanalytics:
    endpoint: tcp://127.0.0.1:$TCP
    database: sizing
    sending_queue: {block_on_overflow: true}
service:
  extensions: [health_check]
  telemetry: {metrics: {level: none}}
  pipelines:
    traces: {receivers: [otlp], processors: [genaianalytics], exporters: [clickhouseanalytics]}
YAML
bin/otelcol-aianalytics --config "$WORK/collector.yaml" >"$WORK/collector.log" 2>&1 &
COLL=$!
for _ in $(seq 60); do curl -sf --noproxy '*' "http://127.0.0.1:$HEALTH/" >/dev/null && break; sleep 0.5; done
go build -o "$WORK/genaiload" ./cmd/genaiload
rows() { curl -s --noproxy '*' "http://127.0.0.1:$HTTP/" --data-binary "SELECT count() FROM sizing.genai_events" 2>/dev/null || echo 0; }
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; } # utime + stime, clock ticks
TICKS=$(getconf CLK_TCK)
c0=$(cpu "$COLL"); h0=$(cpu "$CH_PID"); t0=$(date +%s.%N)
"$WORK/genaiload" -protocol grpc -endpoint "127.0.0.1:$GRPC" -spans "$SPANS" -rate 0 -concurrency 4 >/dev/null
while [[ "$(rows)" -lt "$SPANS" ]]; do sleep 0.2; done
t1=$(date +%s.%N); c1=$(cpu "$COLL"); h1=$(cpu "$CH_PID")
python3 - "$SPANS" "$t0" "$t1" "$c0" "$c1" "$h0" "$h1" "$TICKS" <<'PY'
import sys
n, t0, t1, c0, c1, h0, h1, tk = sys.argv[1:]
n = int(n); wall = float(t1) - float(t0)
ccpu = (float(c1) - float(c0)) / float(tk); hcpu = (float(h1) - float(h0)) / float(tk)
print(f"spans={n} wall={wall:.1f}s rows/s={n / wall:,.0f}")
print(f"collector cpu={ccpu:.1f}s -> {n / ccpu:,.0f} spans per collector CPU-second")
print(f"clickhouse cpu={hcpu:.1f}s -> {n / hcpu:,.0f} rows per ClickHouse CPU-second")
PY
