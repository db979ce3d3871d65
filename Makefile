# Every task on the site. `make build` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VNU := tests/tools/node_modules/vnu-jar/build/dist/vnu.jar
LIGHTHOUSE := benchmarks/node_modules/.bin/lighthouse
EDITOR := editor/node_modules/.installed
EDIT_PORT ?= 8090
EDIT_BACKEND_PORT ?= 8091
EDIT_PROJECT ?= .

.PHONY: build test serve clean generate browser i18n-status screenshots bench bench-quick refresh-pins edit

build: $(STAMP)  ## Build the whole site, every language, into site/
	$(BIN)/python scripts/docs.py build

serve: $(STAMP)  ## Live preview on http://127.0.0.1:8000 while editing
	$(BIN)/python scripts/docs.py serve

test: $(STAMP) browser $(VNU) $(EDITOR)  ## Run every test (builds its own copy of the site)
	$(BIN)/python -m pytest

edit: $(STAMP) $(EDITOR)  ## Edit pages and data in the browser on http://127.0.0.1:8090 (Ctrl+C stops it)
	$(BIN)/python scripts/docs.py edit --port $(EDIT_PORT) --backend-port $(EDIT_BACKEND_PORT) --project $(EDIT_PROJECT)

generate: $(STAMP)  ## Only write the partner-model pages from data/ into docs/models/
	$(BIN)/python scripts/docs.py generate

i18n-status: $(STAMP)  ## List missing and outdated translations (fails when one is missing)
	$(BIN)/python scripts/docs.py i18n-status

bench: $(STAMP) browser $(LIGHTHOUSE)  ## Measure build cost, page weight, search size, scale, Lighthouse (~25 min): benchmarks/report.md
	$(BIN)/python benchmarks/run.py

refresh-pins: $(STAMP)  ## Pin every dependency to its newest release, reinstall, run every test
	$(BIN)/python scripts/docs.py refresh-pins
	$(MAKE) test

bench-quick: $(STAMP) browser  ## The quick tier (~1 min): build ratio, home page weight, search index share
	$(BIN)/python benchmarks/guard.py

screenshots: build browser  ## Pictures of the key pages at 360 and 1280 px, into screenshots/
	$(BIN)/python scripts/docs.py screenshots

browser:  ## Install the system packages the browser tests need (Debian, as root)
	@scripts/install-system-packages.sh

clean:  ## Remove everything the build and the tests made
	rm -rf site i18n-status.txt .cache docs/models .pytest_cache $(VENV) tests/tools/node_modules benchmarks/node_modules editor/node_modules

$(VNU): tests/tools/package-lock.json  ## The W3C HTML checker, pinned in tests/tools/
	npm ci --prefix tests/tools --no-audit --no-fund --silent
	touch $(VNU)

$(EDITOR): editor/package-lock.json  ## Decap CMS 3.16.3 and decap-server 3.11.3, pinned in editor/
	npm ci --prefix editor --no-audit --no-fund --silent --ignore-scripts
	touch $(EDITOR)

$(LIGHTHOUSE): benchmarks/package-lock.json  ## Lighthouse 12.2.3, pinned in benchmarks/
	npm ci --prefix benchmarks --no-audit --no-fund --silent
	touch $(LIGHTHOUSE)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "Python 3.11 or newer is needed; '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Set PYTHON=python3.11 or install it." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)
