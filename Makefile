# nghiquyet: the two commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
NQ := $(BIN)/nghiquyet
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

export NGHIQUYET_VAR_DIR ?= $(CURDIR)/var

.PHONY: install demo serve test lint typecheck pytest bench loadtest clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

## Build, migrate, load the demo province (once) and serve it at http://127.0.0.1:8000.
demo: install
	NGHIQUYET_DEMO=1 $(NQ) migrate --noinput
	NGHIQUYET_DEMO=1 NGHIQUYET_SERVE_URL=http://$(HOST):$(PORT) $(NQ) demo
	$(MAKE) --no-print-directory serve

## Serve the current database (static files included, no CDN needed), with the worker that
## runs background work (large workbook imports) beside it; both stop together. The worker does
## not reload on code changes: a reload would cut a running import short.
serve: install
	NGHIQUYET_DEMO=1 $(NQ) db_worker --no-reload --interval 0.5 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	NGHIQUYET_DEMO=1 $(NQ) runserver --insecure $(HOST):$(PORT)

## Lint, type checks, migration check and the whole test suite.
test: lint typecheck pytest

# Import contracts in .importlinter; structure rules they cannot see in test_structure.py.
lint: install
	$(BIN)/ruff check src loadtest conftest.py
	$(BIN)/ruff format --check src loadtest conftest.py
	$(BIN)/lint-imports --no-cache
	NGHIQUYET_TESTING=1 $(BIN)/pytest -q -p no:cacheprovider -p no:xdist src/nghiquyet/core/tests/test_structure.py

typecheck: install
	NGHIQUYET_TESTING=1 $(BIN)/mypy
	NGHIQUYET_TESTING=1 $(NQ) makemigrations --check --dry-run

# pytest exits 5 when it collected no tests; that must fail, not pass silently.
pytest: install
	NGHIQUYET_TESTING=1 $(BIN)/pytest -n auto $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest: no tests ran (exit 5); failing" >&2; exit 1; fi; \
	exit $$rc

## Benchmarks on synthetic data in a separate database; prints JSON figures.
bench: install
	rm -f var/bench.sqlite3 var/bench.sqlite3-wal var/bench.sqlite3-shm
	SQLITE_PATH=$(CURDIR)/var/bench.sqlite3 NGHIQUYET_DEMO=1 $(NQ) migrate --noinput -v0
	SQLITE_PATH=$(CURDIR)/var/bench.sqlite3 NGHIQUYET_DEMO=1 $(NQ) bench $(BENCH_ARGS)

## Deadline-rush load test: gunicorn on loopback, locust headless, then the lost/duplicated and
## roll-up checks (loadtest/run.py). LOADTEST_ARGS="--units 200 --minutes 2"; DATABASE_URL for
## PostgreSQL (the database named there is dropped and created again).
loadtest: install
	$(BIN)/python -m loadtest.run $(LOADTEST_ARGS)

clean:
	rm -rf var $(VENV) .pytest_cache .mypy_cache .ruff_cache
