# SafeVoice: `make run` serves the demo site, `make test` runs every test. Both do all their own set-up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
MANAGE := $(BIN)/python manage.py
GF := node_modules/govuk-frontend/dist/govuk

.PHONY: run test test-fast lint typecheck assets install install-dev lock migrate demo bench clean screenshots chromium nginx

run: install assets
	$(MANAGE) migrate --no-input
	$(MANAGE) collectstatic --no-input --verbosity 0
	SAFEVOICE_DEMONSTRATION=1 $(MANAGE) load_demo
	@echo
	@echo "SafeVoice is at http://127.0.0.1:8000  (Ctrl+C stops it)"
	@# The task worker (housekeeping, and later reports) runs beside the web server and stops with it.
	SAFEVOICE_DEMONSTRATION=1 $(MANAGE) db_worker --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  SAFEVOICE_DEMONSTRATION=1 $(BIN)/gunicorn safevoice.config.wsgi -c safevoice/config/gunicorn.py

test: install-dev assets chromium nginx
	$(MANAGE) collectstatic --no-input --verbosity 0
	$(BIN)/ruff check .
	$(BIN)/mypy safevoice
	$(BIN)/lint-imports --no-logo
	@# pytest exits 5 when it collected nothing: a suite that ran no test proved nothing, so that fails too.
	$(BIN)/pytest -n auto --dist loadfile -m "not durability" $(PYTEST_ARGS); status=$$?; \
	  if [ $$status -eq 5 ]; then echo "pytest collected no tests: nothing was checked" >&2; fi; exit $$status
	@# Durability tests kill servers and restart PostgreSQL: alone, one at a time, after everything else.
	$(BIN)/pytest -p no:xdist -m durability $(PYTEST_ARGS)

test-fast: install-dev assets
	$(MANAGE) collectstatic --no-input --verbosity 0
	$(BIN)/pytest -n auto -m "not browser and not durability" $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy safevoice
	$(BIN)/lint-imports --no-logo

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==0.13.8

# The lock files hold exact versions; `make lock` rewrites them from pyproject.toml.
$(VENV)/.installed-base: $(BIN)/python requirements/base.lock pyproject.toml
	$(UV) pip sync --quiet --python $(BIN)/python requirements/base.lock
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	@rm -f $(VENV)/.installed-dev
	@touch $@

$(VENV)/.installed-dev: $(BIN)/python requirements/dev.lock pyproject.toml
	$(UV) pip sync --quiet --python $(BIN)/python requirements/dev.lock
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	@rm -f $(VENV)/.installed-base
	@touch $@

install: $(VENV)/.installed-base
install-dev: $(VENV)/.installed-dev

lock: $(BIN)/python
	$(UV) pip compile --quiet --python-version 3.11 pyproject.toml -o requirements/base.lock
	$(UV) pip compile --quiet --python-version 3.11 --extra dev pyproject.toml -o requirements/dev.lock

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

assets: frontend/build/.built

frontend/build/.built: node_modules/.package-lock.json $(wildcard frontend/scss/*.scss frontend/js/* frontend/images/*)
	mkdir -p frontend/build/css frontend/build/js frontend/build/images frontend/build/vendor
	npm run --silent build
	cp $(GF)/govuk-frontend.min.js frontend/build/js/govuk-frontend.min.js
	cp frontend/js/* frontend/build/js/
	# GOV.UK Frontend's CSS names its images (the crest is never shown: the footer here has no crown).
	cp $(GF)/assets/images/*.svg frontend/build/images/
	cp frontend/images/* frontend/build/images/
	@touch $@

# Browser tests use Debian's Chromium; Playwright cannot download its own browser here.
chromium: /usr/bin/chromium
/usr/bin/chromium:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null

# The proxy tests (tests/proxy) run Debian's nginx with deploy/nginx/safevoice-proxy.conf in front of gunicorn.
nginx: /usr/sbin/nginx
/usr/sbin/nginx:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null

# Refresh docs/screenshots from the browser tests.
screenshots: install-dev assets chromium
	SAFEVOICE_SCREENSHOTS=1 $(BIN)/pytest -p no:xdist -m browser tests/browser

migrate: install
	$(MANAGE) migrate --no-input

bench: install-dev assets
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) node_modules frontend/build var/static
