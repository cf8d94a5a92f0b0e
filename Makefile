# Summit tracker: `make demo` runs the app (and its task worker), `make test` runs every test.
VENV := .venv
PY := $(VENV)/bin/python
# PostgreSQL the test suite also runs on, when a server answers there.
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/summit_tracker
# One test worker per core (pytest-xdist); the 10 slowest tests listed after each run.
# Each worker keeps the order pytest-django gives (transactional tests last: they empty
# the tables the others expect filled), which work stealing would break.
PYTEST_ARGS ?= -n auto --dist load --durations=10
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint format chromium clean serve loadtest bench

$(PY):
	@PYTHON="$$(scripts/find-python)" || exit 1; \
	echo "Creating $(VENV) with $$PYTHON"; \
	$$PYTHON -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamps: reinstall only when pyproject.toml changes.
$(VENV)/.installed-app: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed-app

demo: $(VENV)/.installed-app
	$(PY) manage.py migrate --no-input
	$(PY) manage.py loaddata fixtures/reference/*.json
	$(PY) manage.py import_report fixtures/reports/*.json
	$(PY) manage.py create_demo_users
	@echo "Serving on http://$(HOST):$(PORT)/ with a task worker beside it (Ctrl-C stops both)"
	@$(PY) manage.py tasks_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The browser tests drive Debian's Chromium; never a downloaded browser.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's Chromium for the browser tests (apt-get install chromium)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	else \
		echo "Chromium is missing and cannot be installed here: the browser tests will be"; \
		echo "skipped. Install it with: sudo apt-get install --no-install-recommends chromium"; \
	fi

test: lint chromium
	@echo "== tests on SQLite"
	env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS)
	@if $(PY) scripts/database-available "$(TEST_POSTGRES_URL)"; then \
		echo "== tests on PostgreSQL ($(TEST_POSTGRES_URL))"; \
		DATABASE_URL="$(TEST_POSTGRES_URL)" $(PY) -m pytest $(PYTEST_ARGS) && \
		echo "== ran on: SQLite, PostgreSQL"; \
	else \
		echo "== no PostgreSQL at $(TEST_POSTGRES_URL): ran on SQLite only"; \
	fi

# Production settings on this machine: gunicorn, whitenoise's compressed hashed static
# files, logs on standard output; a throw-away secret key unless DJANGO_SECRET_KEY is set.
# Plain HTTP on the loopback, hence no redirect to HTTPS. DATABASE_URL picks the data.
WORKERS ?= 3
serve: $(VENV)/.installed-app
	@export DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=0 \
		DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-$(HOST),localhost}" \
		DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}"; \
	$(PY) manage.py migrate --no-input && \
	$(PY) manage.py collectstatic --no-input --verbosity 0 && \
	echo "Serving on http://$(HOST):$(PORT)/ with $(WORKERS) gunicorn workers and a task worker (Ctrl-C stops)" && \
	{ $(PY) manage.py tasks_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn tracker.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--no-control-socket \
		--access-logfile - --error-logfile -; }

# 20 signed-in users (half of them analysts) for 60 seconds read-only, then 60 seconds with
# 10% of requests analysts' status updates, against `make serve` (same DATABASE_URL).
LOADTEST_ARGS ?= --write-share 0.10
loadtest: $(VENV)/.installed-app
	$(PY) scripts/loadtest.py --url http://$(HOST):$(PORT) $(LOADTEST_ARGS)

# The benchmark of the README's performance section: minutes, so not part of `make test`.
# Each database named here is deleted and filled afresh with synthetic data.
BENCH_SQLITE_URL ?= sqlite:////tmp/summit-tracker-bench.sqlite3
BENCH_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/summit_tracker_bench
BENCH_ARGS ?=
bench: $(VENV)/.installed-app
	$(PY) benchmarks/drafting.py
	$(PY) benchmarks/run.py --database-url "$(BENCH_SQLITE_URL)" $(BENCH_ARGS)
	@if $(PY) scripts/database-available "$(BENCH_POSTGRES_URL)"; then \
		$(PY) benchmarks/run.py --database-url "$(BENCH_POSTGRES_URL)" $(BENCH_ARGS); \
	else \
		echo "== no PostgreSQL at $(BENCH_POSTGRES_URL): benchmarked SQLite only"; \
	fi

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
