# renkei — two commands: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export RENKEI_DATA_DIR ?= $(CURDIR)/var
# The host serve prints and listens on: a mail link to another name (localhost) asks to log in again.
export RENKEI_BASE_URL ?= http://127.0.0.1:$(PORT)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo cluster test setup lint typecheck checks pytest browser-deps pdf-font messages clean

$(BIN)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "renkei needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[dev,postgres]"
	touch $@

setup: $(BIN)/.installed messages pdf-font

messages: $(BIN)/.installed
	@$(BIN)/renkei compilemo

demo: setup
	$(BIN)/renkei migrate_all
	$(BIN)/renkei collectstatic --noinput -v0
	$(BIN)/renkei load_demo
	@if [ -z "$$EMAIL_HOST" ]; then \
	  echo "No EMAIL_HOST given: mail is caught locally and saved under $$RENKEI_DATA_DIR/mail"; \
	  $(BIN)/renkei serve --port $(PORT) --mailcatcher; \
	else $(BIN)/renkei serve --port $(PORT); fi

# The production profile on loopback for a try-out: PostgreSQL, SeaweedFS (S3), 2 web processes,
# 2 task workers, the demo loaded afresh (README, "Several processes"). Ctrl-C stops everything.
cluster: setup
	$(BIN)/python -m renkei.lib.cluster --port $(PORT)

# PDFs embed IPAex Gothic (a TrueType font reportlab can embed), unless RENKEI_PDF_FONT names one.
pdf-font:
	@[ -n "$$RENKEI_PDF_FONT" ] || [ -f /usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf ] || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-ipaexfont-gothic >/dev/null; \
	  else echo "PDFs need a Japanese TrueType font: install Debian's fonts-ipaexfont-gothic or set RENKEI_PDF_FONT"; fi; }

# Debian's chromium drives the browser tests; never a browser downloaded by a test tool.
# fonts-noto-cjk so that Japanese pages render in its screenshots, not as empty boxes.
browser-deps:
	@{ command -v chromium >/dev/null 2>&1 && [ -d /usr/share/fonts/opentype/noto ]; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "chromium or fonts-noto-cjk is missing: install Debian's packages for the browser tests"; fi; }

lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: setup
	$(BIN)/mypy

checks: setup
	$(BIN)/renkei check --fail-level WARNING
	$(BIN)/renkei makemigrations --check --dry-run

# The suite in two pytest-xdist workers (one on a single core); the tests marked with an
# xdist_group (a module's shared site of real processes) stay together in one worker.
PYTEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); [ "$$n" -gt 2 ] && n=2; echo $$n)
PYTEST_ARGS ?= -n $(PYTEST_WORKERS) --dist loadgroup

pytest: setup browser-deps
	$(BIN)/pytest -q $(PYTEST_ARGS)

test: lint typecheck checks pytest

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
