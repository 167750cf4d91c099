#!/usr/bin/env bash
# Tuning sweep behind the exporter defaults (BENCHMARKS.md, "Tuning"): runs bench/e2e for ours
# only, once per variant, and prints one summary line per phase. Needs ClickHouse and the
# collector built (make clickhouse build).
#
# Usage: bench/tune.sh [variant...]   (default: all; see the VARIANTS table)
# Env:   TUNE_FLAGS extra e2e flags (default: 1 round, 20 s per phase)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

declare -A VARIANTS=(
  [default]=""
  [batch10k-50k]="-batch-min 10000 -batch-max 50000"
  [batch2k-10k]="-batch-min 2000 -batch-max 10000"
  [consumers4]="-num-consumers 4"
  [consumers1]="-num-consumers 1"
  [compression-none]="-ours-compression none"
  [compression-zstd]="-ours-compression zstd"
  [async-insert]="-ours-endpoint-params ?async_insert=1&wait_for_async_insert=1"
  [flush500ms]="-flush-timeout 500ms"
  [file-queue]="-ours-file-queue"
)
ORDER=(default batch10k-50k batch2k-10k consumers4 consumers1 compression-none compression-zstd async-insert flush500ms file-queue)
(($# > 0)) && ORDER=("$@")

out=.build/bench/tune
mkdir -p "$out"
go build -o "$out/e2e" ./bench/e2e
endpoint="$(bash scripts/clickhouse.sh url)"
for name in "${ORDER[@]}"; do
  [[ -v "VARIANTS[$name]" ]] || { echo "unknown variant $name" >&2; exit 2; }
  # shellcheck disable=SC2086 # the variant flags are meant to split
  "$out/e2e" -kinds ours -rounds 1 -duration 20s -latency-duration 20s -clickhouse "$endpoint" \
    -out "$out/$name.json" ${VARIANTS[$name]} ${TUNE_FLAGS:-} 2>&1 |
    grep -E 'round [0-9]+:' | sed "s/^/$name  $(cut -d' ' -f1 /proc/loadavg)  /"
done
