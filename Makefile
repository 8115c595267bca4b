# 组工信访 — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-16)

.PHONY: run test bench schema lint install migrate seed worker clean-embedded

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## Start the demo at http://127.0.0.1:8000 (web + Celery worker + beat).
run: install
	bash infra/run.sh

## Lint, check the architecture, and run every test.
test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=platform:. $(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n 2 -q

## Print benchmark figures, one per line: `name value unit`.
bench: install
	$(PY) manage.py bench

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
