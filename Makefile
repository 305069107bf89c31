# Two commands set everything up on a fresh machine with Python 3.11:
#   make demo   — install, migrate, load demo data, start the web server and workers
#   make test   — install and run the whole test suite on the embedded defaults
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install demo test lint worker clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# The CPU attention kernel is compiled once per source version into the user's cache (a no-op after).
install: $(VENV)/.installed
	$(BIN)/python -m animation.kernels

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py run_studio --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

worker: install
	$(BIN)/python manage.py run_workers

clean:
	rm -rf var/
