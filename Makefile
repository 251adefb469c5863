# incare: the two set-up commands are `make demo` and `make test` (see README.md).
# `make help` lists every target.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.DEFAULT_GOAL := help
.PHONY: help demo test install install-dev frontend lint typecheck test-sqlite test-postgres test-browser parity bench clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-15s %s\n", $$1, $$2}'

demo: install ## Install, generate and import a synthetic authority like Warrington, serve on :8000
	$(BIN)/incare demo

test: install-dev lint typecheck parity test-sqlite test-postgres test-browser ## Install everything; lint, type-check; validation parity (first: it records the sector's cases the suites replay); all tests on SQLite and PostgreSQL 15; browser journeys

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "incare needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	scripts/ensure-pdf-libraries
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	scripts/ensure-pdf-libraries
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

# The front end: GOV.UK Frontend and the tools at the exact versions in package-lock.json
# (npm ci, install scripts off), compiled into src/incare/core/static (docs/front-end.md).
FRONTEND := src/incare/core/static/core/app.css

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "incare needs Node.js 18+ and npm for GOV.UK Frontend"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

$(FRONTEND): node_modules/.package-lock.json scripts/build-frontend $(shell find src/incare/core/frontend -name '*.scss')
	scripts/build-frontend

frontend: $(FRONTEND) ## Install GOV.UK Frontend from npm (exact versions) and build the stylesheet

install: $(VENV)/.installed $(FRONTEND) ## Create .venv and install incare (then run it as .venv/bin/incare)

install-dev: $(VENV)/.installed-dev $(FRONTEND) ## Install incare with its test and lint tools

lint: install-dev ## ruff lint and format check
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: install-dev ## mypy
	$(BIN)/mypy

test-sqlite: install-dev ## The test suite on SQLite
	INCARE_ENV=test $(BIN)/pytest

test-postgres: install-dev ## The test suite on a throwaway PostgreSQL 15 server (installed if missing)
	INCARE_ENV=test scripts/with-postgres $(BIN)/pytest

test-browser: install-dev ## Browser journeys and accessibility checks in Debian's Chromium (installed if missing)
	scripts/ensure-chromium
	INCARE_ENV=test $(BIN)/pytest tests/browser

parity: install-dev ## 903 validation vs the sector's validator (csc-validator-be-903), rule by rule (about a minute)
	parity/run

bench: install-dev ## Benchmarks: synth, read and import at 400 and 20,000 children in care
	$(BIN)/python bench/run_all.py

clean: ## Remove the virtual environment, node_modules, the built front end and local data
	rm -rf $(VENV) var node_modules $(FRONTEND) src/incare/core/static/core/govuk-frontend.min.js
