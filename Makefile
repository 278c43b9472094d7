# Two commands do all the set-up on a fresh machine:
#   make build   creates .venv, installs geokg, builds seeds/ -> build/geokg.ttl
#   make test    creates .venv, installs geokg with test extras, installs Chromium
#                (as root, for the browser test), lints and runs the suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Python trees to lint (benchmarks/ and scripts/ only once they hold files).
LINT := src tests $(wildcard benchmarks) $(wildcard scripts/*.py)

.PHONY: build test lint clean browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/geokg build seeds/ -o build/geokg.ttl

# Headless Chromium + chromedriver for tests/test_browser.py (Debian packages).
# Installed when missing and running as root; silently left out otherwise,
# except under CI=true, where a missing browser is an error.
browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    chromium chromium-driver) || [ "$$CI" != true ]; \
	elif [ "$$CI" = true ]; then \
	  echo "make browser: chromium/chromedriver missing and not root: cannot install" >&2; \
	  exit 1; \
	fi

test: $(STAMP) browser
	$(BIN)/ruff check $(LINT)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check $(LINT)

clean:
	rm -rf $(VENV) build .pytest_cache
