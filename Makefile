# Quick start: `make site` builds the demo site into site/; `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: site test lint serve schema clean

# The virtual environment is (re)made whenever pyproject.toml changes.
$(BIN)/digest: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: $(BIN)/digest
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

site: $(BIN)/digest
	$(BIN)/digest check
	$(BIN)/digest build --site-dir site

test: $(VENV)/.test-deps
	$(BIN)/python -m pytest
	$(MAKE) lint

lint: $(VENV)/.test-deps
	$(BIN)/ruff check digest tests
	$(BIN)/ruff format --check digest tests
	$(BIN)/mypy

serve: $(BIN)/digest
	$(BIN)/digest serve

schema: $(BIN)/digest
	$(BIN)/digest schema --out schema/entry.schema.json

clean:
	rm -rf build site .site-new-* .site-old-*
