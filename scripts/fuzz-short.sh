#!/usr/bin/env bash
# Runs every fuzz target of the project for a short time (FUZZTIME, default 5s each), as CI does
# from `make test`. The long runs (>= 1M execs each) are recorded in BENCHMARKS.md.
#
# Go 1.26's fuzz coordinator can report a bare "context deadline exceeded" when -fuzztime ends
# while a worker is mid-run (golang/go#75804, fixed in Go 1.27): no failing input, no panic.
# Such a run is retried once; any other failure, or the same one twice, fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
FUZZTIME="${FUZZTIME:-5s}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# fuzz_once runs one target, printing its output; the exit status is go test's.
fuzz_once() {
  go test -run '^$' -fuzz "^${2}\$" -fuzztime "$FUZZTIME" -parallel 1 "$1" 2>&1 | tee "$log"
  return "${PIPESTATUS[0]}"
}

# deadline_flake: the run failed only with the coordinator's shutdown race.
deadline_flake() {
  grep -q 'context deadline exceeded' "$log" &&
    ! grep -qE 'Failing input written|panic:|_test\.go:[0-9]+:' "$log"
}

found=0
while IFS= read -r line; do
  file="${line%%:*}"
  name="$(sed -E 's/^.*func (Fuzz[A-Za-z0-9_]+).*/\1/' <<<"$line")"
  pkg="$(dirname "$file")"
  echo "fuzz $pkg $name ($FUZZTIME)"
  if ! fuzz_once "$pkg" "$name"; then
    if deadline_flake; then
      echo "fuzz $pkg $name: bare 'context deadline exceeded' at the end of -fuzztime (golang/go#75804); retrying once"
      fuzz_once "$pkg" "$name"
    else
      exit 1
    fi
  fi
  found=$((found + 1))
done < <(grep -rn --include='*_test.go' -E '^func Fuzz[A-Za-z0-9_]+\(' . | grep -v -e '^./.build/' -e node_modules | sort)
if [[ $found -eq 0 ]]; then
  echo "no fuzz targets found" >&2
  exit 1
fi
echo "fuzzed $found targets"
