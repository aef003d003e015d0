# baochi: `make run` builds the warehouse from the corpus; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export BAOCHI_CORPUS ?= seeds/articles
export BAOCHI_WAREHOUSE ?= warehouse
DAGSTER_HOME_DIR := $(abspath $(BAOCHI_WAREHOUSE))/.dagster

.PHONY: run test ui install clean hostile eval bench-extract bench celery-worker sql query bench-views quality

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# Dagster keeps run history here, shared by `make run` and `make ui`: telemetry off (offline first),
# one SQLite event log, pooled storage, no stdout capture (why: pipelines/home.py). A dagster.yaml of
# your own is kept; one an earlier baochi wrote is brought up to date by `make run`.
$(DAGSTER_HOME_DIR)/dagster.yaml: | install
	$(BIN)/python -m pipelines.home $(DAGSTER_HOME_DIR)

run: install $(DAGSTER_HOME_DIR)/dagster.yaml
	DAGSTER_HOME=$(DAGSTER_HOME_DIR) $(BIN)/python -m pipelines.refresh $(if $(FULL),--full,)
	@$(BIN)/python -m baochi.summary "$(BAOCHI_WAREHOUSE)"

test: install
	$(BIN)/python -m pytest -q

ui: install $(DAGSTER_HOME_DIR)/dagster.yaml
	DAGSTER_HOME=$(DAGSTER_HOME_DIR) $(BIN)/dagster dev -m pipelines.definitions -h 127.0.0.1 -p 3000

clean:
	rm -rf $(BAOCHI_WAREHOUSE)/parquet $(BAOCHI_WAREHOUSE)/baochi.duckdb $(BAOCHI_WAREHOUSE)/reports \
	  $(BAOCHI_WAREHOUSE)/quality $(BAOCHI_WAREHOUSE)/batches $(BAOCHI_WAREHOUSE)/cache

# GX suites over the Parquet in the warehouse: quality_results, reports/quality/index.html; fails on an error.
quality: install
	$(BIN)/python -m expectations.run

hostile: install
	rm -rf /tmp/baochi-hostile
	$(BIN)/python -m baochi.hostile /tmp/baochi-hostile/corpus
	BAOCHI_CORPUS=/tmp/baochi-hostile/corpus BAOCHI_WAREHOUSE=/tmp/baochi-hostile/warehouse $(MAKE) run

# Scores against eval/gold; with VLSP=<local copy of VLSP 2018>, also NER P/R/F1 on its train split.
eval: install
	$(BIN)/python -m eval.score
	@if [ -n "$(VLSP)" ]; then $(BIN)/python scripts/eval_ner.py --data "$(VLSP)" --split train; fi

# Extraction docs/s and peak RSS on a real corpus, beside underthesea's ner on the same documents.
CORPUS ?= ../shared/corpora/dantri_unc.jsonl
N ?= 1000
bench-extract: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m baochi.bench --corpus "$(CORPUS)" --n $(N) --baseline 50

# End to end (ingest -> facts -> checks -> DuckDB) on a real corpus, +10 articles incrementally,
# beside underthesea's ner on a sample. CORPUS: a JSONL file or a folder of them.
bench: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m pipelines.bench --corpus "$(CORPUS)" --n $(N)

# One Celery worker for the `ingest_batches_celery` job (broker: pipelines/celery.yaml); see README.
celery-worker: install $(DAGSTER_HOME_DIR)/dagster.yaml
	DAGSTER_HOME=$(DAGSTER_HOME_DIR) PATH=$(abspath $(BIN)):$$PATH $(BIN)/dagster-celery worker start \
	  -A dagster_celery.app -y pipelines/celery.yaml -- --pool=solo

# Ad-hoc read-only SQL on $(BAOCHI_WAREHOUSE)/baochi.duckdb: `make sql` (a shell), `make query Q="SELECT ..."` (CSV=1: CSV).
sql: install
	@$(BIN)/python -m baochi.sql

query: install
	@test -n "$$Q" || { echo 'usage: make query Q="SELECT ..." [CSV=1]' >&2; exit 2; }
	@$(BIN)/python -m baochi.sql $(if $(CSV),--csv,) "$$Q"

# Coverage views on a synthetic warehouse of ARTICLES articles (the built warehouse's tables replicated); budget 100 ms.
ARTICLES ?= 20000
bench-views: install
	$(BIN)/python scripts/bench_views.py --articles $(ARTICLES)
