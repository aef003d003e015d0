# baochi: `make run` builds the warehouse from the corpus; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export BAOCHI_CORPUS ?= seeds/articles
export BAOCHI_WAREHOUSE ?= warehouse
DAGSTER_HOME_DIR := $(abspath $(BAOCHI_WAREHOUSE))/.dagster

.PHONY: run test ui install clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

run: install
	mkdir -p $(DAGSTER_HOME_DIR)
	DAGSTER_HOME=$(DAGSTER_HOME_DIR) $(BIN)/dagster asset materialize -m pipelines.definitions --select '*'
	@$(BIN)/python -m baochi.summary "$(BAOCHI_WAREHOUSE)"

test: install
	$(BIN)/python -m pytest -q

ui: install
	mkdir -p $(DAGSTER_HOME_DIR)
	DAGSTER_HOME=$(DAGSTER_HOME_DIR) $(BIN)/dagster dev -m pipelines.definitions -h 127.0.0.1 -p 3000

clean:
	rm -rf $(BAOCHI_WAREHOUSE)/parquet $(BAOCHI_WAREHOUSE)/baochi.duckdb $(BAOCHI_WAREHOUSE)/reports
