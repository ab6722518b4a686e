# Veche — two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
# Django 6 needs Python 3.12+: take it from PATH, else from pyenv's versions;
# 3.12 first: the lock file is compiled for it.
PYTHON ?= $(shell for p in python3.12 $$(ls -d $$HOME/.pyenv/versions/3.12*/bin/python3 2>/dev/null | sort -r) python3.13 $$(ls -d $$HOME/.pyenv/versions/3.13*/bin/python3 2>/dev/null | sort -r); do \
            command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$p; break; }; done)
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/veche_test

.PHONY: demo test test-pg install install-dev browser lint bench clean

# Two lock files compiled from pyproject.toml by uv (their first lines say how): requirements.lock
# is what a server needs (make demo, deployments); requirements-dev.lock adds the dev extra
# (pytest, playwright, ruff, mypy, schemathesis, pabutools) for make test, lint and bench.
$(VENV)/.installed: requirements.lock pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "Нужен Python 3.12 или новее (Django 6). Установите python3.12 и повторите." >&2; exit 1; fi
	@echo "→ окружение $(VENV) на $(PYTHON)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check uv
	@$(VENV)/bin/uv pip install -q --python $(PY) -r requirements.lock
	@$(VENV)/bin/uv pip install -q --python $(PY) --no-deps -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	@$(VENV)/bin/uv pip install -q --python $(PY) -r requirements-dev.lock
	@touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# Browser tests need Debian's chromium; install it when missing, or stop and say so.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "→ ставлю Debian chromium для браузерных тестов"; \
	  if [ "$$(id -u)" = 0 ]; then (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); \
	  else sudo -n true 2>/dev/null && (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); fi; \
	fi
	@test -x /usr/bin/chromium || { echo "Нет /usr/bin/chromium: установите пакет chromium (apt-get install chromium) и повторите make test." >&2; exit 1; }

demo: install
	@VECHE_DEBUG=1 $(VENV)/bin/veche demo --port $(PORT)

test: install-dev browser
	@VECHE_TESTING=1 $(VENV)/bin/pytest -q -n 2 --dist loadfile

# The same suite against PostgreSQL (CI runs this after `make test`).
test-pg: install-dev browser
	@VECHE_TESTING=1 DATABASE_URL=$(PG_TEST_URL) $(VENV)/bin/pytest -q -n 2 --dist loadfile

# ruff and mypy (django-stubs; what and how in pyproject.toml); CI runs this before the tests.
lint: install-dev
	@$(VENV)/bin/ruff check veche tests bench
	@$(VENV)/bin/mypy

bench: install-dev
	@$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) var
