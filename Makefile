# The two commands of the README: `make run` and `make test`. Everything else is set up by them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test chromium postgresql clean

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
	$(BIN)/python -m streamlit run dashboard.py --server.port $(PORT) --browser.gatherUsageStats false

## test: set up, lint (ruff) and run every test, browser and PostgreSQL tests included (installs Debian's chromium
## and postgresql if missing; the tests start a throwaway PostgreSQL cluster of their own)
test: $(VENV)/.dev chromium postgresql
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

clean:
	rm -rf $(VENV) .pytest_cache data/armsdash.duckdb data/armsdash.duckdb.wal
