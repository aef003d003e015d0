# baochi: `make run` builds the warehouse from the corpus; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export BAOCHI_CORPUS ?= seeds/articles
export BAOCHI_WAREHOUSE ?= warehouse
DAGSTER_HOME_DIR := $(abspath $(BAOCHI_WAREHOUSE))/.dagster

.PHONY: run test ui install clean hostile

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# Dagster keeps run history here, shared by `make run` and `make ui`; telemetry off (offline first).
$(DAGSTER_HOME_DIR)/dagster.yaml:
	mkdir -p $(DAGSTER_HOME_DIR)
	printf 'telemetry:\n  enabled: false\n' > $@

run: install $(DAGSTER_HOME_DIR)/dagster.yaml
	DAGSTER_HOME=$(DAGSTER_HOME_DIR) $(BIN)/dagster asset materialize -m pipelines.definitions --select '*' \
	  --config-json '{"loggers": {"console": {"config": {"log_level": "INFO"}}}}'
	@$(BIN)/python -m baochi.summary "$(BAOCHI_WAREHOUSE)"

test: install
	$(BIN)/python -m pytest -q

ui: install $(DAGSTER_HOME_DIR)/dagster.yaml
	DAGSTER_HOME=$(DAGSTER_HOME_DIR) $(BIN)/dagster dev -m pipelines.definitions -h 127.0.0.1 -p 3000

clean:
	rm -rf $(BAOCHI_WAREHOUSE)/parquet $(BAOCHI_WAREHOUSE)/baochi.duckdb $(BAOCHI_WAREHOUSE)/reports

hostile: install
	rm -rf /tmp/baochi-hostile
	$(BIN)/python -m baochi.hostile /tmp/baochi-hostile/corpus
	BAOCHI_CORPUS=/tmp/baochi-hostile/corpus BAOCHI_WAREHOUSE=/tmp/baochi-hostile/warehouse $(MAKE) run
