#!/usr/bin/env bash
# Runs every fuzz target of the project for a short time (FUZZTIME, default 5s each), as CI does
# from `make test`. The long runs (>= 1M execs each) are recorded in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
FUZZTIME="${FUZZTIME:-5s}"
found=0
while IFS= read -r line; do
  file="${line%%:*}"
  name="$(sed -E 's/^.*func (Fuzz[A-Za-z0-9_]+).*/\1/' <<<"$line")"
  pkg="$(dirname "$file")"
  echo "fuzz $pkg $name ($FUZZTIME)"
  go test -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" -parallel 1 "$pkg"
  found=$((found + 1))
done < <(grep -rn --include='*_test.go' -E '^func Fuzz[A-Za-z0-9_]+\(' . | grep -v -e '^./.build/' -e node_modules | sort)
if [[ $found -eq 0 ]]; then
  echo "no fuzz targets found" >&2
  exit 1
fi
echo "fuzzed $found targets"
