# Two commands: `make demo` and `make test`. Both set up what they need first.
SHELL := /bin/bash
VENV := .venv/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test setup setup-test lint typecheck layers pytest bench serve messages messages-unlocked

setup:
	scripts/bootstrap.sh run

setup-test:
	scripts/bootstrap.sh test

demo: setup
	$(VENV)/sanxiang migrate --no-input -v 0
	$(VENV)/sanxiang demo
	@# The job worker runs beside the server (checkpoints, reminders, the blob store's sweep) and is
	@# stopped with it: Ctrl-C ends runserver, and the shell's exit trap ends the worker.
	$(VENV)/sanxiang run_huey & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT; \
	$(VENV)/sanxiang runserver $(HOST):$(PORT) --insecure

test: setup-test lint typecheck layers pytest

lint:
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	$(VENV)/sanxiang makemigrations --check --dry-run -v 0
	$(VENV)/python scripts/po.py check

typecheck:
	$(VENV)/mypy sanxiang config

layers:
	$(VENV)/lint-imports

pytest:
	$(VENV)/pytest -n 2 $(PYTEST_ARGS)

bench: setup-test
	$(VENV)/python -m bench

# Two runs at once corrupt the catalogues (msgmerge reads a header the other run is writing), so
# the work happens under a lock.
messages:
	flock /tmp/sanxiang-messages.lock $(MAKE) --no-print-directory messages-unlocked

messages-unlocked:
	$(VENV)/sanxiang makemessages -l zh_Hans --no-obsolete -v 0 --ignore=.venv --ignore="*/migrations/*" --ignore=var --ignore=tests --ignore=bench
	for f in translations/*.json; do $(VENV)/python scripts/po.py apply $$f; done
	$(VENV)/sanxiang compilemessages -l zh_Hans -v 0 --ignore=.venv
