// Package browser holds the dashboard's browser test: a Go driver (dashboard_test.go) starts
// the built collector against a fresh ClickHouse database, loads a known dataset through OTLP
// and the aifeedback receiver, then runs dashboard.test.mjs, which drives Debian's chromium
// with playwright-core and compares every number the page shows with the API's answer.
// run.sh installs chromium and the test's npm package; `make test` calls it.
package browser
