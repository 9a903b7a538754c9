# KI-Voucher: `make run` (platform with demo data) and `make test` (the whole suite).
SHELL := /bin/bash
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed-dev
PG_URL ?= postgres://postgres@127.0.0.1:5432/kivoucher
PYTEST_WORKERS ?= 2
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install run serve test test-sqlite test-postgres lint format messages bench clean chromium \
	screenshots slurm client

# `make run` needs only the platform; `make test` adds the development tools.
$(RUN_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) messages

# Compiled translations are build output: made from the .po files in the repo.
messages: $(RUN_STAMP)
	cd src/kivoucher && KIVOUCHER_DEBUG=1 ../../$(BIN)/kivoucher compilemessages -v 0

run: $(RUN_STAMP) messages
	KIVOUCHER_DEBUG=1 $(BIN)/kivoucher migrate --noinput -v 0
	KIVOUCHER_DEBUG=1 $(BIN)/kivoucher demo
	@echo "KI-Voucher runs at http://127.0.0.1:$(PORT) (demo accounts: see README.md)"
	@# The task worker (mails, daily jobs, long runs) beside the development server;
	@# it stops with it (Ctrl-C or any other end).
	KIVOUCHER_DEBUG=1 $(BIN)/kivoucher worker -v 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	KIVOUCHER_DEBUG=1 $(BIN)/kivoucher runserver 127.0.0.1:$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

format: $(STAMP)
	$(BIN)/ruff check --fix src tests bench scripts
	$(BIN)/ruff format src tests bench scripts

# The typed Python client (clients/python) from the API's OpenAPI document, offline
# and reproducibly; the suite fails while it is out of date (test_python_client_current).
client: $(STAMP)
	KIVOUCHER_DEBUG=1 $(BIN)/python scripts/client_generate.py

# Browser tests (tests/browser) drive Debian's Chromium; it is installed with apt
# when missing (as root, non-interactive). Playwright never downloads a browser.
chromium:
	@test -x /usr/bin/chromium || { \
		if [ "$$(id -u)" = 0 ]; then \
			echo "== installing chromium with apt"; \
			DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Browser tests need /usr/bin/chromium: sudo apt-get install -y chromium"; exit 1; \
		fi; }

# The agent tests (tests/slurm) run a private Slurm cluster: Debian's slurm-wlm,
# slurmdbd and munge are installed with apt when missing (as root, non-interactive).
# The packages' own services are not started (policy-rc.d): the tests start their
# own daemons on free ports (tests/slurm/cluster.py).
SLURM_BINARIES := slurmctld slurmd slurmdbd munged sbatch sacctmgr
slurm:
	@missing=""; for b in $(SLURM_BINARIES); do \
		PATH="$$PATH:/usr/sbin:/sbin" command -v $$b >/dev/null || missing="$$missing $$b"; done; \
	test -z "$$missing" || { \
		if [ "$$(id -u)" = 0 ]; then \
			echo "== installing slurm-wlm, slurmdbd and munge with apt (missing:$$missing)"; \
			own_policy=""; \
			if [ ! -e /usr/sbin/policy-rc.d ]; then \
				printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && \
				chmod +x /usr/sbin/policy-rc.d && own_policy=1; fi; \
			DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
				slurm-wlm slurmdbd munge >/dev/null; status=$$?; \
			test -z "$$own_policy" || rm -f /usr/sbin/policy-rc.d; \
			exit $$status; \
		else \
			echo "The Slurm tests need Slurm and munge: sudo apt-get install -y slurm-wlm slurmdbd munge"; \
			exit 1; \
		fi; }

test: install lint chromium slurm
	KIVOUCHER_DEBUG=1 $(BIN)/kivoucher makemigrations --check --dry-run
	@$(MAKE) --no-print-directory test-sqlite
	@if $(BIN)/python -m kivoucher.core.pgcheck "$(PG_URL)"; then \
		$(MAKE) --no-print-directory test-postgres && echo "Suite ran on: SQLite and PostgreSQL"; \
	elif [ -n "$$KIVOUCHER_REQUIRE_POSTGRES" ]; then \
		echo "PostgreSQL is required (KIVOUCHER_REQUIRE_POSTGRES) but not reachable at $(PG_URL)"; exit 1; \
	else \
		echo "Suite ran on: SQLite only (PostgreSQL not reachable at $(PG_URL))"; \
	fi

test-sqlite: install chromium slurm
	@echo "== test suite on SQLite"
	env -u DATABASE_URL $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# The Slurm tests (marker `slurm`, one private cluster on one worker through the
# xdist group) run in the SQLite pass only: they run real jobs, and what differs
# between the databases is covered by the tests marked `postgres`.
test-postgres: install slurm
	@echo "== test suite on PostgreSQL ($(PG_URL))"
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup \
		-m "not browser and not slurm" $(PYTEST_ARGS)

# The browser tests write their screenshots to a temporary folder; this target runs
# them with the documentation's folder instead, to refresh docs/screenshots/.
screenshots: install chromium
	@echo "== browser tests, screenshots into docs/screenshots/"
	KIVOUCHER_SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots env -u DATABASE_URL \
		$(BIN)/pytest -n $(PYTEST_WORKERS) -m browser $(PYTEST_ARGS)

# The benchmarks run the server in production mode, which needs a secret key.
bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) kivoucher.sqlite3* staticfiles media
