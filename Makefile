# KEINO graph: `make demo` builds the demo graph and serves it; `make test` runs every check.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= var/demo-store
PORT   ?= 8000
JS     := api/static/vendor
HOST   ?= 127.0.0.1

.PHONY: help install demo demo-build serve test lint typecheck pytest format bench engines clean

help:
	@echo "make demo   build the demo graph from bundled data into $(STORE) and serve it on :$(PORT)"
	@echo "make test   lint, type-check and run the test suite"
	@echo "make bench  run the benchmarks in bench/ (slow, not part of CI)"
	@echo "make engines  run the store contract tests on Virtuoso (needs virtuoso-opensource)"

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The browser libraries (cytoscape, YASGUI, axe-core) from npm, pinned by package-lock.json.
$(JS)/.installed: package.json package-lock.json scripts/vendor-js
	scripts/vendor-js

install: $(BIN)/.installed $(JS)/.installed

demo: $(BIN)/.installed $(JS)/.installed
	scripts/ensure-voikko
	$(BIN)/keino --store $(STORE) demo --host $(HOST) --port $(PORT)

demo-build: $(BIN)/.installed
	scripts/ensure-voikko
	$(BIN)/keino --store $(STORE) demo --no-serve

serve: $(BIN)/.installed $(JS)/.installed
	$(BIN)/keino --store $(STORE) serve --host $(HOST) --port $(PORT)

test: lint typecheck pytest

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(BIN)/.installed
	$(BIN)/mypy

pytest: $(BIN)/.installed $(JS)/.installed
	scripts/ensure-chromium
	scripts/ensure-voikko
	$(BIN)/pytest -q -n 2 --durations=25

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

BENCHES := store_replace ingest_notices extract_eval extract_speed match_eval match_latency \
           sparql_overhead search_latency explorer_pages indicators store_backends

bench: $(BIN)/.installed $(JS)/.installed
	@for b in $(BENCHES); do echo "== bench/$$b.py"; $(BIN)/python -m bench.$$b || exit 1; done

# The store contract on a second SPARQL engine (docs/engines.md); not part of `make test`.
engines: $(BIN)/.installed
	scripts/engines-virtuoso

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache node_modules $(JS)
