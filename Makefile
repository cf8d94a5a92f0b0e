# Summit tracker: `make demo` runs the app, `make test` runs every test.
VENV := .venv
PY := $(VENV)/bin/python
# PostgreSQL the test suite also runs on, when a server answers there.
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/summit_tracker
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint format chromium clean

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
	$(PY) manage.py loaddata fixtures/reference/*.json fixtures/reports/*.json
	$(PY) manage.py create_demo_users
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C stops)"
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
	env -u DATABASE_URL $(PY) -m pytest
	@if $(PY) scripts/database-available "$(TEST_POSTGRES_URL)"; then \
		echo "== tests on PostgreSQL ($(TEST_POSTGRES_URL))"; \
		DATABASE_URL="$(TEST_POSTGRES_URL)" $(PY) -m pytest && \
		echo "== ran on: SQLite, PostgreSQL"; \
	else \
		echo "== no PostgreSQL at $(TEST_POSTGRES_URL): ran on SQLite only"; \
	fi

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
