# Two commands do everything on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The platform reads PORT too: without GAOXIN_PUBLIC_BASE_URL, its QR codes and links point at this port.
export PORT

.PHONY: demo test install lint bench screenshots serve worker
WORKERS ?= 3

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

# The demo runs in development mode; without DEBUG=1 the platform is in production mode and refuses to start
# without its secrets (gaoxin/settings.py). The tests set it in tests/settings.py.
demo: export DEBUG = 1
demo: install
	./scripts/install-browser-deps.sh fonts
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_load
	@echo "高新 Gaoxin: http://127.0.0.1:$(PORT)/  (API docs: http://127.0.0.1:$(PORT)/api/docs)"
	@# The scheduled jobs (deadline warnings, report reminders, notifications) run in a quiet worker beside the server.
	LOG_LEVEL=WARNING $(PY) manage.py run_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	./scripts/install-browser-deps.sh
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest -n 2 -p no:cacheprovider

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Production-style serving: gunicorn workers, static files by WhiteNoise. Needs SECRET_KEY,
# ALLOWED_HOSTS, DATABASE_URL (PostgreSQL), GAOXIN_SIGNING_KEY, GAOXIN_AUDIT_KEY and GAOXIN_BACKUP_KEY in the environment.
serve: install
	$(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput
	$(VENV)/bin/gunicorn gaoxin.wsgi --config python:gaoxin.gunicorn_conf --workers $(WORKERS) --bind 127.0.0.1:$(PORT)

# The scheduler and a task worker in one process (README "Background work"); start as many as you like, after
# `make serve` (or `manage.py migrate`) has brought the database up to date.
worker: install
	$(PY) manage.py run_worker

screenshots: install
	GAOXIN_SCREENSHOT_DIR=docs/screenshots $(VENV)/bin/pytest tests/e2e -q

bench: install
	$(PY) bench/cases_bench.py
	$(PY) bench/cockpit_bench.py
	$(PY) bench/demands_bench.py

# Load (locust, LOAD_SECONDS/LOAD_USERS) and faults (kill -9 of a worker and of the server, PostgreSQL stopped
# -m immediate, all under load) against gunicorn + PostgreSQL; see bench/load/README.md.
.PHONY: load faults
load: install
	$(PY) bench/load/run.py

faults: install
	$(PY) bench/load/faults.py
