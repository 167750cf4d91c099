#!/usr/bin/env bash
# Sizing run for docs/scale-out.md: one collector (bin/otelcol-aianalytics) and SHARDS ClickHouse
# nodes of its own (instances "sizing-N", never the shared one; with 2, a <remote_servers>
# cluster and the exporter's cluster mode), SPANS loadgen chat spans sent flat out over
# OTLP/gRPC; prints rows/s and the CPU seconds each process used, hence rows per CPU-second of
# collector and of ClickHouse. Usage: test/cluster/sizing.sh [SPANS] [SHARDS (1 or 2)]
set -euo pipefail
cd "$(dirname "$0")/../.."
SPANS="${1:-100000}"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
SHARDS="${2:-1}"
GRPC=$(free_port); HEALTH=$(free_port)
WORK=$(mktemp -d)
TCP=(); HTTP=()
for ((i = 0; i < SHARDS; i++)); do TCP+=("$(free_port)"); HTTP+=("$(free_port)"); done
node() { # node I CMD: scripts/clickhouse.sh for node I
  CLICKHOUSE_ENDPOINT= CLICKHOUSE_INSTANCE="sizing-$1" CLICKHOUSE_TCP_PORT="${TCP[$1]}" CLICKHOUSE_HTTP_PORT="${HTTP[$1]}" \
    CLICKHOUSE_DATA_DIR="$WORK/ch$1" CLICKHOUSE_CONFIG_FILE="$WORK/remote_servers.xml" bash scripts/clickhouse.sh "$2"
}
{
  echo "<clickhouse><remote_servers><sizing>"
  for ((i = 0; i < SHARDS; i++)); do echo "<shard><replica><host>127.0.0.1</host><port>${TCP[$i]}</port></replica></shard>"; done
  echo "</sizing></remote_servers></clickhouse>"
} >"$WORK/remote_servers.xml"
COLL=""
cleanup() {
  [[ -n "$COLL" ]] && kill "$COLL" 2>/dev/null && wait "$COLL" 2>/dev/null || true
  for ((i = 0; i < SHARDS; i++)); do node "$i" stop >/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
CH_PIDS=()
for ((i = 0; i < SHARDS; i++)); do node "$i" start >/dev/null; CH_PIDS+=("$(cat "$WORK/ch$i.pid")"); done
CLUSTER=""
if ((SHARDS > 1)); then
  CLUSTER="cluster_name: sizing, table_engine: merge_tree, cluster_nodes: ["
  for ((i = 0; i < SHARDS; i++)); do CLUSTER+="tcp://127.0.0.1:${TCP[$i]}, "; done
  CLUSTER="${CLUSTER%, }],"
fi
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
  clickhouseanalytics: {$CLUSTER endpoint: "tcp://127.0.0.1:${TCP[0]}", database: sizing, sending_queue: {block_on_overflow: true}}
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
rows() { curl -s --noproxy '*' "http://127.0.0.1:${HTTP[0]}/" --data-binary "SELECT count() FROM sizing.genai_events" 2>/dev/null || echo 0; }
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; } # utime + stime, clock ticks
TICKS=$(getconf CLK_TCK)
chcpu() { local sum=0 p; for p in "${CH_PIDS[@]}"; do sum=$((sum + $(cpu "$p"))); done; echo "$sum"; }
c0=$(cpu "$COLL"); h0=$(chcpu); t0=$(date +%s.%N)
"$WORK/genaiload" -protocol grpc -endpoint "127.0.0.1:$GRPC" -spans "$SPANS" -rate 0 -concurrency 4 >/dev/null
while [[ "$(rows)" -lt "$SPANS" ]]; do sleep 0.2; done
t1=$(date +%s.%N); c1=$(cpu "$COLL"); h1=$(chcpu)
python3 - "$SPANS" "$t0" "$t1" "$c0" "$c1" "$h0" "$h1" "$TICKS" "$SHARDS" <<'PY'
import sys
n, t0, t1, c0, c1, h0, h1, tk = sys.argv[1:9]
n = int(n); wall = float(t1) - float(t0)
ccpu = (float(c1) - float(c0)) / float(tk); hcpu = (float(h1) - float(h0)) / float(tk)
print(f"shards={sys.argv[9]} spans={n} wall={wall:.1f}s rows/s={n / wall:,.0f}")
print(f"collector cpu={ccpu:.1f}s -> {n / ccpu:,.0f} spans per collector CPU-second")
print(f"clickhouse cpu={hcpu:.1f}s (all nodes) -> {n / hcpu:,.0f} rows per ClickHouse CPU-second")
PY
