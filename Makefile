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

# The distribution is rebuilt only when one of its inputs changed.
BUILD_INPUTS := $(shell find . -path ./.build -prune -o -path ./.data -prune -o -path ./node_modules -prune -o \
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
	$(GO) run ./cmd/genaiload -protocol grpc -endpoint localhost:4317 -spans 5000 -rate 2000 -backfill 24h -non-genai-ratio 0.2

.PHONY: vet
vet: ## go vet
	$(GO) vet ./...

.PHONY: test
test: vet clickhouse build ## vet + every test, against a real local ClickHouse and the built binary
	CLICKHOUSE_TEST_ENDPOINT="$$($(CH) url)" OTELCOL_BINARY=$(BINARY) \
		$(GO) test $(GO_TEST_FLAGS) ./...

.PHONY: bench
bench: clickhouse ## Go benchmarks (results: BENCHMARKS.md)
	CLICKHOUSE_TEST_ENDPOINT="$$($(CH) url)" $(GO) test -run '^$$' -bench . -benchmem ./...

.PHONY: clean
clean: ## remove build outputs (keeps .data)
	rm -rf .build bin
