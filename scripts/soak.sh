#!/usr/bin/env bash
# Soak: the shipped config (config/otelcol-aianalytics.yaml: file-backed queue, anomaly
# detection with storage, follow-ups) at a steady rate for a while, with many tenants, users and
# sessions, so that the follow-up and anomaly state fill as in a large deployment (make bench's
# latency phase cycles 200 requests of ~1 600 sessions). Samples the collector's RSS and CPU
# every SOAK_SAMPLE, then stops it with SIGTERM and checks that every accepted span is one row.
#
#   scripts/soak.sh                 # 10 min at 10k spans/s
#   SOAK_RATE=5000 SOAK_DURATION=30m scripts/soak.sh
#
# Needs: bin/otelcol-aianalytics (make build), a ClickHouse at CLICKHOUSE_ENDPOINT (native) and
# CLICKHOUSE_HTTP (HTTP), and the shipped config's ports free (stop `make run` first).
set -euo pipefail
cd "$(dirname "$0")/.."

rate=${SOAK_RATE:-10000}
duration=${SOAK_DURATION:-10m}
sample=${SOAK_SAMPLE:-15}
tenants=${SOAK_TENANTS:-20}
users=${SOAK_USERS:-2000}
sessions=${SOAK_SESSIONS:-8}
dialects=${SOAK_DIALECTS:-semconv=70,openllmetry=10,openinference=10,vercel_ai=10}
endpoint=${CLICKHOUSE_ENDPOINT:-tcp://127.0.0.1:9000}
http=${CLICKHOUSE_HTTP:-http://127.0.0.1:8123}
out=${SOAK_OUT:-.build/soak}
db="soak_$(date +%Y%m%d%H%M%S)"
binary=${SOAK_BINARY:-bin/otelcol-aianalytics}

die() { echo "soak: $*" >&2; exit 1; }
chq() { curl -sfS "$http/" --data-binary "$1"; }

[[ -x $binary ]] || die "$binary is missing: run make build"
chq "SELECT 1" >/dev/null || die "no ClickHouse HTTP at $http (set CLICKHOUSE_HTTP)"
for port in 4317 4318 4319 4320 8888 13133; do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		die "port $port is in use (make stop first): the soak runs the shipped config"
	fi
done

mkdir -p "$out"
rm -rf "$out/data"
go build -o "$out/genaiload" ./cmd/genaiload

CLICKHOUSE_ENDPOINT=$endpoint CLICKHOUSE_DATABASE=$db AIANALYTICS_DATA_DIR=$out/data \
	"$binary" --config config/otelcol-aianalytics.yaml >"$out/collector.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 120); do
	curl -sf http://localhost:13133 >/dev/null && break
	kill -0 "$pid" 2>/dev/null || die "the collector exited at start-up: $out/collector.log"
	sleep 0.5
done
curl -sf http://localhost:13133 >/dev/null || die "the collector did not become healthy: $out/collector.log"

ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
status_kib() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$pid/status"; }
printf "elapsed_s\trss_kib\thwm_kib\trss_anon_kib\tcpu_s\n" >"$out/samples.tsv"
start=$(date +%s)
(
	while kill -0 "$pid" 2>/dev/null; do
		printf "%d\t%s\t%s\t%s\t%s\n" $(($(date +%s) - start)) "$(status_kib VmRSS)" "$(status_kib VmHWM)" \
			"$(status_kib RssAnon)" "$(echo "scale=2; $(cpu_ticks) / $ticks" | bc)" >>"$out/samples.tsv"
		sleep "$sample"
	done
) 2>/dev/null &
sampler=$!

echo "soak: $rate spans/s for $duration into $db ($tenants tenants x $users users x $sessions sessions, $dialects)"
"$out/genaiload" -endpoint localhost:4317 -rate "$rate" -duration "$duration" -spans 1000000000 \
	-tenants "$tenants" -users "$users" -sessions "$sessions" -dialects "$dialects" -seed "${SOAK_SEED:-7}" \
	>"$out/genaiload.log" 2>&1 || die "genaiload failed: $out/genaiload.log"
accepted=$(sed -n 's/.*accepted=\([0-9]*\).*/\1/p' "$out/genaiload.log" | tail -1)
cpu_end=$(cpu_ticks)
kill -TERM "$pid"
wait "$pid" || die "the collector exited with $? on SIGTERM: $out/collector.log"
trap - EXIT
kill "$sampler" 2>/dev/null || true

read -r rows ids < <(chq "SELECT count(), uniqExact(event_id) FROM \`$db\`.genai_events FORMAT TSV")
# RSS median and highest sample after the first two minutes (the state has filled by then),
# or over the whole run when it was shorter.
rss_summary() {
	awk -F'\t' -v warm="$1" 'NR > 1 && $1 >= warm {print $2}' "$out/samples.tsv" | sort -n | awk '
		{v[NR] = $1} END {if (NR > 0) printf "%.0f %.0f", v[int((NR + 1) / 2)] / 1024, v[NR] / 1024}'
}
summary=$(rss_summary 120)
[[ -n $summary ]] || summary=$(rss_summary 0)
[[ -n $summary ]] || die "no RSS sample was taken: $out/samples.tsv"
hwm=$(awk -F'\t' 'END {printf "%.0f", $3 / 1024}' "$out/samples.tsv")
{
	echo "soak $(date -u +%Y-%m-%dT%H:%MZ): $rate spans/s for $duration, $tenants tenants x $users users x $sessions sessions, $dialects"
	echo "accepted $accepted, rows $rows, distinct event ids $ids"
	read -r median max <<<"$summary"
	echo "RSS (after 2 min when the run was longer): median $median MiB, highest sample $max MiB; VmHWM $hwm MiB"
	printf "collector CPU %.3f s per 10k spans\n" "$(echo "scale=4; $cpu_end / $ticks * 10000 / $accepted" | bc)"
	echo "samples: $out/samples.tsv"
} | tee "$out/summary.txt"
read -r median max <<<"$summary"
# For bench/report (make bench puts the last soak next to the RSS goal).
cat >"$out/soak.json" <<JSON
{"finished": "$(date -u +%Y-%m-%dT%H:%M:%SZ)", "rate": $rate, "duration": "$duration",
 "sessions_configured": $((tenants * users * sessions)), "accepted": $accepted, "rows": $rows,
 "distinct_event_ids": $ids, "rss_median_mib": $median, "rss_max_mib": $max, "vm_hwm_mib": $hwm}
JSON
chq "DROP DATABASE IF EXISTS \`$db\` SYNC" >/dev/null || true
[[ $rows == "$accepted" && $ids == "$rows" ]] || die "rows $rows / distinct $ids != accepted $accepted"
