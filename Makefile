# otelcol-aianalytics — build, run and test. Every target installs what it needs.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO          ?= go
OCB_VERSION := v0.165.0
TOOLS_DIR   := $(CURDIR)/.tools
OCB         := $(TOOLS_DIR)/builder-$(OCB_VERSION)
BINARY      := $(CURDIR)/bin/otelcol-aianalytics
CONFIG      ?= $(CURDIR)/config/otelcol-aianalytics.yaml
CH          := bash $(CURDIR)/scripts/clickhouse.sh
GO_TEST_FLAGS ?= -count=1 -timeout 30m
FUZZTIME      ?= 4s

# The distribution is rebuilt only when one of its inputs changed.
BUILD_INPUTS := $(shell find . -path ./.build -prune -o -path ./bench -prune -o -path ./.data -prune -o -name node_modules -prune -o \
	\( \( -name '*.go' ! -name '*_test.go' \) -o -name '*.sql' -o -name '*.html' -o -name '*.js' -o -name '*.css' \) -print) \
	go.mod go.sum builder-config.yaml

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(OCB):
	@mkdir -p $(TOOLS_DIR)
	@echo "installing ocb $(OCB_VERSION)"
	GOBIN=$(TOOLS_DIR) $(GO) install go.opentelemetry.io/collector/cmd/builder@$(OCB_VERSION)
	@mv $(TOOLS_DIR)/builder $(OCB)

.PHONY: build
build: $(BINARY) ## build bin/otelcol-aianalytics with ocb (only when sources changed)

$(BINARY): $(OCB) $(BUILD_INPUTS)
	@mkdir -p .build bin
	flock $(CURDIR)/.build.lock $(OCB) --config builder-config.yaml
	@# copy then rename: a running collector keeps its (old) file, no "text file busy"
	cp .build/otelcol-aianalytics/otelcol-aianalytics $(BINARY).tmp && mv -f $(BINARY).tmp $(BINARY)
	@echo "built $(BINARY)"

.PHONY: clickhouse
clickhouse: ## start a local ClickHouse (or use CLICKHOUSE_ENDPOINT when reachable)
	@$(CH) start

.PHONY: clickhouse-stop
clickhouse-stop: ## stop the local ClickHouse started by `make clickhouse`
	@$(CH) stop

.PHONY: run
run: ## build, start ClickHouse and the collector with the default config
	@if bash scripts/run.sh status; then exit 0; fi; \
	$(MAKE) --no-print-directory clickhouse build && CONFIG=$(CONFIG) BINARY=$(BINARY) bash scripts/run.sh start

.PHONY: stop
stop: ## stop the collector started by `make run` (ClickHouse keeps running: make clickhouse-stop)
	@bash scripts/run.sh stop

.PHONY: demo
demo: ## send a realistic burst of GenAI spans to the running collector
	$(GO) run ./cmd/genaiload -protocol grpc -endpoint localhost:4317 -spans 5000 -rate 2000 -backfill 24h -non-genai-ratio 0.2 \
		-dialects semconv=70,openllmetry=10,openinference=10,vercel_ai=10

.PHONY: vet
vet: ## go vet
	$(GO) vet ./...

.PHONY: test
test: vet clickhouse build ## vet + every test, against a real local ClickHouse and the built binary
	bash test/browser/run.sh # chromium + the browser test's npm package (test/browser)
	CLICKHOUSE_TEST_ENDPOINT="$$($(CH) url)" OTELCOL_BINARY=$(BINARY) \
		$(GO) test $(GO_TEST_FLAGS) ./...
	@# the scale-out tests (~30 s; two extra ClickHouse nodes of their own): also make test-cluster
	CLICKHOUSE_TEST_ENDPOINT="$$($(CH) url)" OTELCOL_BINARY=$(BINARY) \
		$(GO) test -tags cluster $(GO_TEST_FLAGS) ./test/cluster/
	@# every fuzz target for a few seconds (the >= 1M-exec runs are recorded in BENCHMARKS.md)
	FUZZTIME=$(FUZZTIME) bash scripts/fuzz-short.sh
	@# the fault scenarios, shortened (15 s faults, ~3 min); full length: make test-faults
	OTELCOL_BINARY=$(BINARY) $(GO) test -tags faults -short $(GO_TEST_FLAGS) ./test/faults/

# Fault tests (issue 8): each scenario starts its own ClickHouse instance (never the shared one),
# the built binary and the load generator. Build tag `faults` keeps them out of `go test ./...`.
.PHONY: test-faults
test-faults: build ## outage, SIGKILL, one failing table, SIGTERM under load: 0 lost, 0 doubled
	OTELCOL_BINARY=$(BINARY) $(GO) test -tags faults -count=1 -timeout 30m -v ./test/faults/

# Scale-out (issue 10, docs/scale-out.md): two local ClickHouse shards started by the test
# itself (never the shared instance, which serves as the single-node reference), the collector
# in cluster mode, and the two-tier tenant routing. Build tag `cluster` keeps it out of make test.
.PHONY: test-cluster
test-cluster: clickhouse build ## two-shard cluster vs single node (identical API answers) + two-tier collectors
	CLICKHOUSE_TEST_ENDPOINT="$$($(CH) url)" OTELCOL_BINARY=$(BINARY) \
		$(GO) test -tags cluster -count=1 -timeout 20m -v ./test/cluster/

# Benchmarks (issue 7). The contrib-exporter baseline collector is built only here, outside bin/.
CONTRIB_BENCH   := $(CURDIR)/.build/otelcol-contrib-bench/otelcol-contrib-bench
BENCH_OUT       := $(CURDIR)/.build/bench
SOAK_OUT        := $(CURDIR)/.build/soak
BENCH_MICRO_CMD := go test -run '^$$' -bench . -benchmem -timeout 60m ./...
# ours-persistent: ours with the shipped config's file_storage queue (what `make run` runs).
BENCH_E2E_FLAGS ?= -rounds 3 -duration 30s -latency-duration 30s -latency-rate 10000 -kinds ours,contrib,ours-persistent
# pidfile of the local ClickHouse that scripts/clickhouse.sh started (for its CPU per 10k spans);
# none with CLICKHOUSE_ENDPOINT or a reused foreign server.
CH_PIDFILE = $(or $(CLICKHOUSE_DATA_DIR),$(CURDIR)/.data/clickhouse$(if $(CLICKHOUSE_INSTANCE),-$(CLICKHOUSE_INSTANCE))).pid

$(CONTRIB_BENCH): $(OCB) bench/contrib/builder-config.yaml
	@mkdir -p .build
	flock $(CURDIR)/.build.lock $(OCB) --config bench/contrib/builder-config.yaml

PPROF_BENCH := $(CURDIR)/.build/otelcol-aianalytics-pprof/otelcol-aianalytics-pprof

.PHONY: bench-profile
bench-profile: $(OCB) ## build the profiling variant (ours + pprof extension) for bench/e2e -pprof
	@mkdir -p .build
	flock $(CURDIR)/.build.lock $(OCB) --config bench/profile/builder-config.yaml
	@echo "built $(PPROF_BENCH)"

# make bench's own ClickHouse: instance "bench" on ports 19000/18123, its data on tmpfs where
# /dev/shm is writable. On this machine's root ext4 (no journal) creating a part's files costs
# more the more files were deleted in the last minutes, so the server's CPU per span grew ~1.5-2x
# within a run and hit the collector that makes more parts harder (BENCHMARKS.md). Set any of
# these to benchmark elsewhere (CLICKHOUSE_DATA_DIR= keeps the data in .data).
BENCH_DATA_DIR := $(shell [ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm/otelcol-aianalytics-bench)
bench: export CLICKHOUSE_INSTANCE ?= bench
bench: export CLICKHOUSE_TCP_PORT ?= 19000
bench: export CLICKHOUSE_HTTP_PORT ?= 18123
bench: export CLICKHOUSE_DATA_DIR ?= $(BENCH_DATA_DIR)

.PHONY: bench
bench: clickhouse build $(CONTRIB_BENCH) ## micro + end-to-end benchmarks vs contrib; writes BENCHMARKS.md and docs/bench.png
	@mkdir -p $(BENCH_OUT)
	@# End to end first: the micro benchmarks create and drop thousands of ClickHouse tables and
	@# parts, and rounds run right after them met a busier server and filesystem (BENCHMARKS.md).
	$(GO) run ./bench/e2e -clickhouse "$$($(CH) url)" -ours $(BINARY) -contrib $(CONTRIB_BENCH) \
		-clickhouse-pid "$$([[ -n "$${CLICKHOUSE_ENDPOINT:-}" ]] && echo 0 || cat $(CH_PIDFILE) 2>/dev/null || echo 0)" \
		-out $(BENCH_OUT)/e2e.json $(BENCH_E2E_FLAGS)
	CLICKHOUSE_TEST_ENDPOINT="$$($(CH) url)" $(BENCH_MICRO_CMD) | tee $(BENCH_OUT)/micro.txt
	$(GO) run ./bench/report -e2e $(BENCH_OUT)/e2e.json -micro $(BENCH_OUT)/micro.txt \
		-micro-cmd "$(BENCH_MICRO_CMD)" -soak $(SOAK_OUT)/soak.json -md BENCHMARKS.md -png docs/bench.png

# Soak (issue 7): the shipped config at 10k spans/s for 10 min with ~250k sessions of 40k users,
# RSS sampled throughout, every accepted span checked to be one row (scripts/soak.sh; SOAK_RATE,
# SOAK_DURATION, SOAK_USERS, ... tune it). On make bench's ClickHouse instance; stop make run first.
.PHONY: soak
soak: export CLICKHOUSE_INSTANCE ?= bench
soak: export CLICKHOUSE_TCP_PORT ?= 19000
soak: export CLICKHOUSE_HTTP_PORT ?= 18123
soak: export CLICKHOUSE_DATA_DIR ?= $(BENCH_DATA_DIR)
soak: clickhouse build ## the shipped config at 10k spans/s for 10 min, many users: RSS over time, zero loss
	CLICKHOUSE_ENDPOINT="$$($(CH) url)" CLICKHOUSE_HTTP="http://127.0.0.1:$$CLICKHOUSE_HTTP_PORT" SOAK_OUT=$(SOAK_OUT) \
		bash scripts/soak.sh
	@# the goals table of BENCHMARKS.md shows the last soak next to make bench's RSS figure
	if [[ -f $(BENCH_OUT)/e2e.json && -f $(BENCH_OUT)/micro.txt ]]; then \
		$(GO) run ./bench/report -e2e $(BENCH_OUT)/e2e.json -micro $(BENCH_OUT)/micro.txt \
			-micro-cmd "$(BENCH_MICRO_CMD)" -soak $(SOAK_OUT)/soak.json -md BENCHMARKS.md -png docs/bench.png; fi

.PHONY: bench-analytics
bench-analytics: clickhouse ## analytics API endpoints over 10M generated events (loads once into bench_analytics_10000000)
	AIANALYTICS_BENCH_EVENTS=10000000 CLICKHOUSE_TEST_ENDPOINT="$$($(CH) url)" \
		$(GO) test -run '^$$' -bench BenchmarkEndpoints -benchtime 20x -timeout 90m ./internal/analytics/

.PHONY: clean
clean: ## remove build outputs (keeps .data)
	rm -rf .build bin
