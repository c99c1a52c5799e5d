# Teilhabe-Portal Landkreis Harburg. `make help` lists the targets.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed
LANGS := de en ar fa uk ru tr

.DEFAULT_GOAL := help
.PHONY: help install demo test test-pg lint format check messages compilemessages clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# The same two install steps run in the Dockerfile: everything pinned, then the two
# packages whose declared requirements would pull torch (see requirements/no-deps.txt).
$(STAMP): pyproject.toml requirements/constraints.txt requirements/no-deps.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet -c requirements/constraints.txt -e ".[dev]"
	$(PIP) install --quiet --no-deps -c requirements/constraints.txt -r requirements/no-deps.txt
	touch $(STAMP)

install: $(STAMP) ## Create the virtual environment and install everything

compilemessages: $(STAMP) ## Compile the message catalogs (no gettext needed)
	$(PY) manage.py compilecatalogs

messages: $(STAMP) ## Extract interface strings into locale/ (needs gettext) and compile them
	$(PY) manage.py makemessages --no-obsolete --no-location $(addprefix -l ,$(LANGS)) -i 'var/*' -i 'tests/*'
	$(PY) manage.py compilecatalogs

demo: $(STAMP) compilemessages ## Set up SQLite and demo content under var/ and serve on http://127.0.0.1:8000
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py portal_setup
	$(PY) manage.py demo_users
	$(PY) manage.py demo_content
	$(PY) manage.py translation_models demo
	$(PY) manage.py demo_booking
	./scripts/demo.sh

# PYTEST_ARGS narrows a run, e.g. PYTEST_ARGS='-m "not e2e"' (.ci/run's PostgreSQL pass).
PYTEST_ARGS ?=
test: $(STAMP) compilemessages ## Run the whole test suite (SQLite; PostgreSQL/Redis if DATABASE_URL/CELERY_BROKER_URL set)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP) ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP) ## Format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: lint ## Lint, the apps' import contracts, Django checks, makemigrations --check, catalogs
	$(VENV)/bin/lint-imports
	$(PY) manage.py check
	$(PY) manage.py compilecatalogs --check
	$(PY) manage.py makemigrations --check --dry-run

# bench/ is a folder, so the target must be phony or make would call it up to date.
.PHONY: bench
bench: $(STAMP) ## Page benchmark: gunicorn + wrk on a throwaway SQLite database (bench/README.md)
	VENV=$(VENV) ./bench/run_pages.sh

clean: ## Remove the virtual environment and var/ (the demo database)
	rm -rf $(VENV) var
