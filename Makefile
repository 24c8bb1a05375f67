# Two commands do everything on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: demo test install lint bench screenshots

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

demo: install
	./scripts/install-browser-deps.sh fonts
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_load
	@echo "高新 Gaoxin: http://127.0.0.1:$(PORT)/  (API docs: http://127.0.0.1:$(PORT)/api/docs)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	./scripts/install-browser-deps.sh
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest -n 2 -p no:cacheprovider

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

screenshots: install
	GAOXIN_SCREENSHOT_DIR=docs/screenshots $(VENV)/bin/pytest tests/e2e -q

bench: install
	$(PY) bench/cases_bench.py
	$(PY) bench/cockpit_bench.py
