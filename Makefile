# arraigo: the commands a newcomer needs. Python 3.11 and make are all the demo asks for.
#
#   make demo      virtualenv, database, demo data, then serve on http://127.0.0.1:8000 + a worker
#   make test      lint, types and the whole test suite (SQLite; PostgreSQL with DATABASE_URL)
#   make lint      ruff, mypy, the import contracts and the dependency audit (pip-audit)
#   make format    ruff format and safe fixes
#   make prod-check  production configuration on loopback (PostgreSQL): HTTP smoke test
#   make bench     the benchmarks, results in bench/out/
#   make lock      re-resolve requirements.lock and requirements-dev.lock from pyproject.toml
#   make messages  extract and compile the Spanish translation
#   make clean     caches and build leftovers  make distclean  that and the virtualenv
#
# See docs/operations.md for the environment variables and how CI runs.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
export ARRAIGO_HOME := $(CURDIR)

# Python 3.11: python3.11 if present, else python3 when it is 3.11.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || \
	(python3 -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null && \
	command -v python3))

# The virtualenv is (re)installed when a lock file or pyproject.toml changes.
LOCKS := requirements.lock requirements-dev.lock
INSTALL_HASH := $(shell cat $(LOCKS) pyproject.toml 2>/dev/null | sha256sum | cut -c1-16)
STAMP := $(VENV)/.installed-$(INSTALL_HASH)

BENCH_SIZES ?= 1000,100000
# The web benchmark runs on SQLite and, when this server answers, on PostgreSQL too.
BENCH_PG ?= postgresql://postgres@127.0.0.1:5432
# Every bench/<name>.py runs with no arguments; the web benchmark runs last.
OTHER_BENCHES := $(filter-out bench/web_pages.py bench/imports.py,$(wildcard bench/[!_]*.py))

.PHONY: help venv demo serve test lint format check-format typecheck pytest browsers bench prod-check \
	lock messages clean distclean

help:
	@sed -n '1,14p' Makefile | sed 's/^# \{0,1\}//'

venv: $(STAMP)

$(STAMP):
	@if [ -z "$(PYTHON)" ]; then \
		echo "make: Python 3.11 is needed (python3.11, or python3 being 3.11)." >&2; exit 1; fi
	@if [ ! -x $(BIN)/python ] || ! $(BIN)/python -c \
		'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then \
		echo "Creating $(VENV) with $(PYTHON)"; rm -rf $(VENV); $(PYTHON) -m venv $(VENV); fi
	$(BIN)/python -m pip install -qq --upgrade pip
	$(BIN)/python -m pip install -qq -r requirements-dev.lock
	$(BIN)/python -m pip install -qq --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@
	@echo "$(VENV) is ready."

demo: venv
	@mkdir -p var
	$(BIN)/arraigo migrate --noinput
	$(BIN)/arraigo seed --today today
	$(BIN)/arraigo serve --with-worker

serve: venv
	@mkdir -p var
	$(BIN)/arraigo serve --with-worker

# gunicorn (2 processes) and 2 workers with the production settings against a fresh database
# on the PostgreSQL server of PROD_CHECK_PG (default postgresql://postgres@127.0.0.1:5432).
prod-check: venv
	$(BIN)/python scripts/prod_check.py

# Browser setup never fails the build outside CI: without Chromium the browser tests skip.
browsers:
	@bash scripts/ensure_chromium.sh

# The import contracts (pyproject.toml [tool.importlinter]) are the layers of docs/architecture.md.
# The dependency audit needs PyPI's or OSV's vulnerability data: where neither answers it warns,
# and AUDIT_STRICT=1 (for a release) makes that a failure. Exceptions: deploy/audit-exceptions.toml.
lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo
	$(BIN)/python scripts/audit_deps.py $(if $(AUDIT_STRICT),--strict)

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# pytest-xdist runs the suite on every core (PYTEST_WORKERS=0 runs it in one process), a test
# module per worker (--dist loadfile; tests/conftest.py keeps tests/demo/seeded/ whole). Local
# runs keep PostgreSQL test databases for the next run (--reuse-db; PYTEST_ARGS=--create-db
# makes them afresh); CI (CI=true) always creates them afresh.
PYTEST_WORKERS ?= auto
PYTEST_DB := $(if $(filter true,$(CI)),--create-db,--reuse-db)

pytest: venv
	@if [ -n "$${DATABASE_URL:-}" ]; then echo "pytest on the database of DATABASE_URL"; \
		else echo "pytest on SQLite in memory (DATABASE_URL is unset)"; fi
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_DB) $(PYTEST_ARGS)

# Every check runs even when an earlier one fails, so one run shows every problem.
test: venv browsers
	@failed=""; \
	$(BIN)/ruff check . || failed="$$failed ruff-check"; \
	$(BIN)/ruff format --check . || failed="$$failed ruff-format"; \
	$(BIN)/mypy || failed="$$failed mypy"; \
	$(BIN)/lint-imports --no-logo || failed="$$failed lint-imports"; \
	$(MAKE) --no-print-directory pytest || failed="$$failed pytest"; \
	if [ -n "$$failed" ]; then echo "make test: FAILED:$$failed" >&2; exit 1; fi; \
	echo "make test: all checks passed"

bench: venv
	@mkdir -p bench/out
	@for b in $(OTHER_BENCHES); do echo "== $$b"; $(BIN)/python $$b || exit 1; done
	@echo "== bench/web_pages.py --sizes $(BENCH_SIZES)"
	$(BIN)/python bench/web_pages.py --sizes $(BENCH_SIZES)
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(BENCH_PG)/postgres').close()" 2>/dev/null; \
	then echo "== bench/web_pages.py --sizes $(BENCH_SIZES) --database-url $(BENCH_PG)"; \
		$(BIN)/python bench/web_pages.py --sizes $(BENCH_SIZES) --database-url $(BENCH_PG); \
		echo "== bench/imports.py --database-url $(BENCH_PG)"; \
		$(BIN)/python bench/imports.py --database-url $(BENCH_PG); \
	else echo "== PostgreSQL at $(BENCH_PG) does not answer: web pages measured on SQLite only"; fi

# Keeps current pins; add PIP_COMPILE_ARGS=--upgrade to move to newer releases.
lock: venv
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
		$(PIP_COMPILE_ARGS) --output-file=requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
		$(PIP_COMPILE_ARGS) --extra=dev --output-file=requirements-dev.lock pyproject.toml

# Run inside the package so only our sources are scanned (not .venv); catalogues go to
# src/arraigo/locale (LOCALE_PATHS). Needs GNU gettext (Debian package: gettext).
messages: venv
	@command -v msgfmt >/dev/null || { echo "make: install GNU gettext (msgfmt)." >&2; exit 1; }
	cd src/arraigo && $(CURDIR)/$(BIN)/arraigo makemessages --locale es --no-obsolete --no-location \
		--ignore migrations
	cd src/arraigo && $(CURDIR)/$(BIN)/arraigo compilemessages --locale es

clean:
	rm -rf .pytest_cache .mypy_cache .ruff_cache .import_linter_cache src/*.egg-info var/screenshots test-results
	rm -f bench/out/*.tmp
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
