#!/usr/bin/env bash
# Installs what the dashboard's browser test needs (make test runs this before go test):
# Debian's chromium when it is missing, and the test's npm package at the exact versions of
# package-lock.json (npm ci, skipped while the lock is unchanged). Never downloads a browser
# of its own: playwright-core drives /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")"

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "browser test: installing Debian's chromium"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "browser test: node and npm are required (Node.js 20+)" >&2
  exit 1
fi

stamp="node_modules/.lock-sha256"
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "browser test: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
