# Two commands for a newcomer: `make run` and `make test`. See README.md.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium
# make run is for a developer's machine: debug on, SQLite, memory cache.
DEV_ENV := DJANGO_DEBUG=1 DJANGO_CACHE=locmem

.PHONY: run test install install-dev chromium lint bench clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_content
	$(DEV_ENV) $(PY) manage.py create_demo_accounts
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# Browser tests drive Debian's Chromium; install it when we can.
chromium:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Chromium is missing: browser tests will be skipped."; \
		echo "Install it with: sudo apt-get install chromium"; \
	fi

test: install-dev chromium
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .

bench: install-dev
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .hypothesis
