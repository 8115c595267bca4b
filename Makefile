# 组工信访 — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
# The targets below are for a development checkout and run as the demo
# (embedded servers, the key in the source). A production server runs
# manage.py from systemd with /etc/zugong/zugong.env, never through make.
export ZUGONG_DEMO ?= true
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-16)

.PHONY: run dev dev-server wheelhouse install-offline test test-fast typecheck bench schema lint install frontend frontend-test browser pgbouncer migrate seed worker clean-embedded docs-preview

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## Build the workbench (frontend/) when its sources changed, and only then.
frontend:
	bash infra/frontend.sh

frontend-test:
	bash infra/frontend.sh test

## Debian's Chromium (and a CJK font) for the browser tests.
browser:
	bash infra/chromium.sh

## Debian's PgBouncer for the connection-pooling test (infra/pgbouncer.ini).
pgbouncer:
	bash infra/pgbouncer.sh

## Start the demo at http://127.0.0.1:8000 (web + Celery worker + beat).
run: install frontend
	bash infra/run.sh

## The workbench from Vite's dev server at http://127.0.0.1:5173, with /graphql/
## and the server's pages proxied to `make run`'s Django on port 8000.
dev:
	bash infra/frontend.sh
	cd frontend && npx vite --host 127.0.0.1

## Django's auto-reloading development server (DEBUG on) instead of gunicorn.
dev-server: install frontend
	ZUGONG_DEMO=true DEBUG=true PYTHONPATH=platform $(PY) manage.py runserver 127.0.0.1:8000

## Every wheel and the built workbench into wheelhouse/, for an intranet install.
wheelhouse: install
	bash infra/wheelhouse.sh

## Install from wheelhouse/ with no package index (on the intranet server).
install-offline:
	bash infra/wheelhouse.sh install

## Lint, check the architecture, and run every test (Vitest and the browser too).
test: install frontend-test browser pgbouncer
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=platform:. $(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n 2 --dist loadgroup -q -p no:cacheprovider

## The inner loop: the test databases kept between runs (--reuse-db), last
## run's failures first; the schema, browser, replica and logical tests left
## to `make test`. After a new migration, run once with --create-db.
test-fast: install
	$(PY) -m pytest -n 2 --dist loadgroup -q --reuse-db --failed-first \
		-m "not schema" --ignore=tests/browser --ignore=tests/replica \
		--ignore=tests/logical $(PYTEST_ARGS)

## The type checker on the modules it covers (pyproject.toml [tool.mypy]).
typecheck: install
	$(VENV)/bin/mypy

## Print benchmark figures, one per line: `name value unit`.
bench: install frontend
	$(PY) manage.py bench_workbench
	$(PY) manage.py bench

## Sample documents (report DOCX/XLSX, notices DOCX/PDF) rendered to PNG in
## var/docs-preview/ through LibreOffice when installed; after `make seed`.
docs-preview: install
	bash infra/docs_preview.sh

## Re-print graphql_api/schema.graphql from the code.
schema: install
	$(PY) manage.py print_schema

lint: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrate: install
	$(PY) manage.py migrate_units

seed: migrate
	$(PY) manage.py seed_demo
