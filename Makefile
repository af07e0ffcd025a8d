# The two commands of the README: `make run` and `make test`. Everything else is set up by them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test team chromium postgresql nginx clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

## run: set up and start the dashboard on the bundled data (http://localhost:$(PORT))
## (installs Debian's chromium if missing, for the briefing pack's chart images; without it the dashboard still runs)
run: $(VENV)/.runtime
	@$(MAKE) --no-print-directory chromium || echo "Chromium could not be installed: the dashboard runs, and its" \
		"'Download for a briefing' control says why it is unavailable."
	$(BIN)/python -m armsdash build
	$(BIN)/python -m armsdash.web.serve dashboard.py --port $(PORT)

## test: set up, lint (ruff) and run every test, browser, PostgreSQL and proxy tests included (installs Debian's
## chromium, postgresql and nginx if missing; the tests start a throwaway PostgreSQL cluster and an nginx of their own)
test: $(VENV)/.dev chromium postgresql nginx
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium (chart images for the briefing pack; the browser tests)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium; }

postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		echo "Installing Debian's postgresql (the team-mode tests start a throwaway cluster)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q postgresql; }

## team: REPLICAS replicas of the dashboard on the shared store ARMSDASH_STORE behind nginx on PROXY_PORT, in the
## foreground; Ctrl-C stops them all (README, "Team deployment")
REPLICAS ?= 2
PROXY_PORT ?= 8080
team: $(VENV)/.runtime nginx
	$(BIN)/python -m armsdash.cli.replicas --replicas $(REPLICAS) --listen $(PROXY_PORT)

# Debian's nginx, without starting Debian's own nginx service: its default site would listen on port 80. The proxy
# of `make team` and of the tests runs with a configuration of its own on a port of its own.
nginx:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
		echo "Installing Debian's nginx (the team deployment's proxy; its system service is left stopped)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO sh -c ' \
			if [ ! -e /usr/sbin/policy-rc.d ]; then \
				printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d; \
				trap "rm -f /usr/sbin/policy-rc.d" EXIT; \
			fi; \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx || exit 1; \
			{ systemctl disable --now nginx || update-rc.d nginx disable; } >/dev/null 2>&1; exit 0'; }

clean:
	rm -rf $(VENV) .pytest_cache data/armsdash.duckdb data/armsdash.duckdb.wal
