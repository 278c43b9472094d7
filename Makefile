# Two commands do all the set-up on a fresh machine:
#   make build   creates .venv, installs geokg, builds seeds/ -> build/geokg.ttl
#   make test    creates .venv, installs geokg with test extras, runs the suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Python trees to lint (benchmarks/ only once it holds files).
LINT := src tests $(wildcard benchmarks)

.PHONY: build test lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/geokg build seeds/ -o build/geokg.ttl

test: $(STAMP)
	$(BIN)/ruff check $(LINT)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check $(LINT)

clean:
	rm -rf $(VENV) build .pytest_cache
