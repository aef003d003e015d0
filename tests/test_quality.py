"""Quality suites: pass on the seeds, fail on each kind of corruption, and block the pipeline.

Mutation tests copy a real seed warehouse, corrupt one Parquet table the way a bug would (a shifted
offset, a duplicated row, a dangling key, a value out of range, an unknown enum value) and show that
the suite fails and `python -m expectations.run` exits non-zero, while the untouched copy passes.
"""

import shutil
import subprocess
import sys

import dagster as dg
import duckdb
import polars as pl
import pytest

import pipelines.refresh as refresh_module
from dagster._core.errors import DagsterAssetCheckFailedError
from assets.checks import QUALITY_CHECKS, plan
from baochi.facts import amounts, citations, quotes
from baochi.ingest import REJECT_REASONS
from baochi.segments import KINDS as SEGMENT_KINDS
from baochi.entities.reference import ENTITY_TYPES
from expectations import results
from expectations.run import main as quality_main
from expectations.suites import TABLES, all_specs, build_suite, specs
from pipelines.refresh import refresh
from pipelines.resources import BaochiPaths
from tests.conftest import ROOT, SEEDS


def _paths(corpus, warehouse):
    return BaochiPaths(corpus_dir=str(corpus), warehouse_dir=str(warehouse), max_bytes=5 * 1024 * 1024)


@pytest.fixture()
def warehouse(seeded_warehouse, tmp_path):
    """A private copy of the seed warehouse's Parquet, free to corrupt."""
    shutil.copytree(seeded_warehouse / "parquet", tmp_path / "parquet")
    return tmp_path


def mutate(warehouse, table, change):
    """Rewrite every part of a table with change(df)."""
    for part in sorted((warehouse / "parquet" / table).glob("*.parquet")):
        change(pl.read_parquet(part)).write_parquet(part)


def failed(warehouse, *tables):
    """Run the CLI on these tables; return its exit status and the failed error expectations."""
    status = quality_main(["--warehouse", str(warehouse), "--no-report", *[f"--table={t}" for t in tables]])
    rows = results.read_results(warehouse)
    bad = rows.filter(~pl.col("success") & (pl.col("severity") == "error"))
    return status, {f"{r['table_name']}.{r['expectation']}" for r in bad.iter_rows(named=True)}


def test_every_contract_table_has_a_suite_that_builds():
    assert TABLES == ["articles", "segments", "rejects", "mentions", "entities", "quotes", "amounts",
                      "time_refs", "citations", "stories"]
    for table in TABLES:
        suite = build_suite(table)
        assert suite.name == table and len(suite.expectations) == len(specs(table)) >= 7


def test_enumerations_match_the_code():
    def value_set(table, column):
        (spec,) = [s for s in specs(table) if s.label == f"expect_column_values_to_be_in_set({column})"]
        return set(spec.kwargs["value_set"])

    assert value_set("amounts", "category") == set(amounts.CATEGORIES)
    assert value_set("amounts", "qualifier") == set(amounts.QUALIFIERS)
    assert value_set("citations", "role") == set(citations.ROLES)
    assert value_set("quotes", "kind") == set(quotes.KINDS)
    assert value_set("segments", "kind") == value_set("mentions", "segment_kind") == set(SEGMENT_KINDS)
    assert value_set("mentions", "entity_type") == value_set("entities", "entity_type") == set(ENTITY_TYPES)
    assert value_set("rejects", "reason") == set(REJECT_REASONS)


def test_every_expectation_has_a_check_in_the_pipeline():
    labels = {(s.table, s.label) for group in plan().values() for s in group}
    assert labels == {(s.table, s.label) for s in all_specs()}
    keys = {(k.asset_key.path[-1], k.name) for c in QUALITY_CHECKS for k in c.check_keys}
    assert {(t, f"{t}_quality") for t in TABLES} <= keys


def test_definitions_load_with_the_checks_in_the_right_jobs():
    from pipelines.definitions import ALL_ASSETS, defs
    from pipelines.jobs import ingest_batch_job, refresh_job

    definitions = dg.Definitions(assets=ALL_ASSETS, asset_checks=QUALITY_CHECKS, jobs=[ingest_batch_job, refresh_job],
                                 resources={"paths": defs.resources["paths"]})
    dg.Definitions.validate_loadable(definitions)
    repo = definitions.get_repository_def()
    checks = {job: {k.name for k in repo.get_job(job).asset_layer.asset_graph.asset_check_keys}
              for job in ("ingest_batches", "refresh_warehouse")}
    assert checks["refresh_warehouse"] == {"entities_quality", "stories_quality"}
    assert {"articles_quality", "mentions_quality", "articles_plausibility"} <= checks["ingest_batches"]


def test_the_seed_warehouse_passes_and_quality_results_fill_up(warehouse):
    assert quality_main(["--warehouse", str(warehouse)]) == 0
    assert quality_main(["--warehouse", str(warehouse), "--no-report"]) == 0  # history accumulates
    with duckdb.connect(str(warehouse / "baochi.duckdb"), read_only=True) as con:
        per_table = dict(con.execute("SELECT table_name, count(DISTINCT run_id) FROM quality_results "
                                     "GROUP BY 1").fetchall())
        failed_errors = con.execute("SELECT count(*) FROM quality_results WHERE severity = 'error' "
                                    "AND NOT success").fetchall()[0][0]
    assert per_table == {t: 2 for t in TABLES}
    assert failed_errors == 0
    index = (warehouse / "reports" / "quality" / "index.html").read_text(encoding="utf-8")
    assert "has_date" in index  # 2 of the 5 seeds can be dated: a warning, shown, not blocking
    assert "https://" not in index and "<script" not in index


@pytest.mark.parametrize("table, change, expected", [
    ("mentions", lambda df: df.with_columns(pl.col("char_start") + pl.when(pl.int_range(pl.len()) == 7)
                                            .then(1).otherwise(0)), "mentions.expect_column_values_to_be_in_set(offset_ok)"),
    ("articles", lambda df: pl.concat([df, df.head(1)]), "articles.expect_column_values_to_be_unique(article_id)"),
    ("quotes", lambda df: df.with_columns(pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("0000missing0000"))
                                          .otherwise(pl.col("article_id")).alias("article_id")),
     "quotes.expect_column_values_to_be_in_set(article_ok)"),
])
def test_the_cli_exits_non_zero_on_a_corrupted_warehouse(warehouse, table, change, expected):
    mutate(warehouse, table, change)
    status, bad = failed(warehouse)
    assert status == 1 and expected in bad


def test_a_missing_entity_is_a_dangling_foreign_key(warehouse):
    mention = pl.read_parquet(warehouse / "parquet" / "mentions").row(0, named=True)
    mutate(warehouse, "entities", lambda df: df.filter(pl.col("entity_id") != mention["entity_id"]))
    status, bad = failed(warehouse, "mentions", "entities")
    assert status == 1 and "mentions.expect_column_values_to_be_in_set(entity_ok)" in bad


def test_values_out_of_range_fail(warehouse):
    mutate(warehouse, "time_refs", lambda df: df.with_columns(
        pl.when(pl.col("month").is_not_null() & (pl.int_range(pl.len()) == pl.col("month").arg_max()))
        .then(13).otherwise(pl.col("month")).alias("month")))
    mutate(warehouse, "amounts", lambda df: df.with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(pl.col("value") - 1).otherwise(pl.col("value_high")).alias("value_high")))
    status, bad = failed(warehouse, "time_refs", "amounts")
    assert status == 1
    assert {"time_refs.expect_column_values_to_be_between(month)", "time_refs.expect_column_values_to_be_in_set(day_valid)",
            "amounts.expect_column_pair_values_a_to_be_greater_than_b(value_high, value)"} <= bad


def test_an_invalid_day_and_an_unknown_enum_value_fail(warehouse):
    mutate(warehouse, "time_refs", lambda df: df.with_columns(
        pl.when(pl.col("day").is_not_null()).then(pl.lit(2)).otherwise(pl.col("month")).alias("month"),
        pl.when(pl.col("day").is_not_null()).then(pl.lit(30)).otherwise(pl.col("day")).alias("day")))
    mutate(warehouse, "segments", lambda df: df.with_columns(
        pl.when(pl.int_range(pl.len()) == 2).then(pl.lit("sidebar")).otherwise(pl.col("kind")).alias("kind")))
    status, bad = failed(warehouse, "time_refs", "segments")
    assert status == 1
    assert {"time_refs.expect_column_values_to_be_in_set(day_valid)", "segments.expect_column_values_to_be_in_set(kind)"} <= bad
    assert "time_refs.expect_column_values_to_be_between(month)" not in bad  # 30 February: only the day is wrong


def test_python_dash_m_exit_status(warehouse):
    command = [sys.executable, "-m", "expectations.run", "--no-report", "--table=mentions"]
    ok = subprocess.run(command, cwd=ROOT, env={"BAOCHI_WAREHOUSE": str(warehouse), "PATH": ""}, capture_output=True,
                        text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith("mentions    16 expectations   0 failed (error)")
    mutate(warehouse, "mentions", lambda df: df.with_columns(pl.col("char_end") + 1))
    bad = subprocess.run(command, cwd=ROOT, env={"BAOCHI_WAREHOUSE": str(warehouse), "PATH": ""}, capture_output=True,
                         text=True)
    assert bad.returncode == 1 and "offset_ok" in bad.stdout


def _check_evaluations(instance):
    found = {}
    for run in instance.get_runs():
        for event in instance.all_logs(run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION):
            evaluation = event.dagster_event.event_specific_data
            found[evaluation.check_name] = evaluation
    return found


def _materialised(instance, key):
    return instance.get_latest_materialization_event(dg.AssetKey(key)) is not None


def test_in_dagster_checks_pass_on_the_seeds_and_warnings_do_not_block(tmp_path, monkeypatch):
    monkeypatch.setattr(refresh_module, "ALL_CHECKS", QUALITY_CHECKS)
    instance = dg.DagsterInstance.ephemeral()
    refresh(_paths(SEEDS, tmp_path), instance, log=lambda *_: None)
    evaluations = _check_evaluations(instance)
    assert {f"{t}_quality" for t in TABLES} <= set(evaluations)
    assert all(e.passed for name, e in evaluations.items() if name.endswith("_quality"))
    warning = evaluations["articles_plausibility"]
    assert not warning.passed and warning.severity == dg.AssetCheckSeverity.WARN  # has_date 0.4 < 0.5
    assert _materialised(instance, "baochi_duckdb")
    with duckdb.connect() as con:  # what the DuckDB load does with the checks' result files
        con.execute(results.load_sql(tmp_path))
        tables = con.execute("SELECT DISTINCT table_name FROM quality_results WHERE check_name LIKE '%_quality'"
                             ).fetchall()
    assert {t for (t,) in tables} == set(TABLES)


def test_in_dagster_a_bad_batch_blocks_extraction_downstream_and_the_duckdb_load(tmp_path, monkeypatch):
    import assets.facts

    extract = assets.facts.extract_facts

    def shifted(*args, **kwargs):
        tables = extract(*args, **kwargs)
        tables["mentions"] = tables["mentions"].with_columns(pl.col("char_start") + 1)
        return tables

    monkeypatch.setattr(refresh_module, "ALL_CHECKS", QUALITY_CHECKS)
    monkeypatch.setattr(assets.facts, "extract_facts", shifted)
    instance = dg.DagsterInstance.ephemeral()
    with pytest.raises((SystemExit, DagsterAssetCheckFailedError)):  # refresh re-raises the batch run's error
        refresh(_paths(SEEDS, tmp_path), instance, log=lambda *_: None)
    evaluation = _check_evaluations(instance)["mentions_quality"]
    assert not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR
    assert "offset_ok" in evaluation.metadata["failures"].value
    assert not _materialised(instance, "baochi_duckdb") and not (tmp_path / "baochi.duckdb").exists()


def test_in_dagster_a_corpus_check_blocks_stories_and_the_duckdb_load(tmp_path, monkeypatch):
    import baochi.facts.entities as entities_module

    build = entities_module.build

    def lossy(tables):  # entities that forget one mentioned entity
        df = build(tables)
        return df.filter(pl.col("entity_id") != df.filter(pl.col("n_mentions") > 0)["entity_id"][0])

    monkeypatch.setattr(refresh_module, "ALL_CHECKS", QUALITY_CHECKS)
    monkeypatch.setattr(entities_module, "build", lossy)
    instance = dg.DagsterInstance.ephemeral()
    with pytest.raises(SystemExit, match="warehouse refresh failed"):
        refresh(_paths(SEEDS, tmp_path), instance, log=lambda *_: None)
    evaluation = _check_evaluations(instance)["entities_quality"]
    assert not evaluation.passed and "mentions: expect_column_values_to_be_in_set(entity_ok)" in \
        evaluation.metadata["failed_expectations"].value
    assert _materialised(instance, "entities")
    assert not _materialised(instance, "stories") and not _materialised(instance, "baochi_duckdb")


def test_memoised_configurations_give_the_rows_gx_gives_unpatched(warehouse, monkeypatch):
    """expectations.gx_memo shares one configuration per expectation within a validation: on a
    corrupted warehouse, every suite's rows (failures and their samples included) are the same as
    with GX's own property, which builds a fresh configuration on each read."""
    import contextlib

    from expectations import validate
    from expectations.gx_memo import memoised

    mutate(warehouse, "time_refs", lambda df: df.with_columns(pl.lit(13, dtype=df.schema["month"]).alias("month")))
    mutate(warehouse, "mentions", lambda df: df.with_columns((pl.col("char_start") + 1).alias("char_start")))

    def rows(memo) -> list[dict]:
        monkeypatch.setattr(validate, "memoised", memo)
        validator = validate.Validator(warehouse, "run", "check")
        try:
            out = [row for table in TABLES for row in validator.validate(table).rows]
        finally:
            validator.close()
        return [{k: v for k, v in row.items() if k != "evaluated_at"} for row in out]

    plain, shared = rows(contextlib.nullcontext), rows(memoised)
    assert shared == plain
    assert {"time_refs", "mentions"} <= {r["table_name"] for r in shared if not r["success"]}
    from great_expectations.expectations.expectation import Expectation

    expectation = build_suite("mentions", specs("mentions")).expectations[0]
    assert expectation.configuration is not expectation.configuration  # GX's own behaviour outside
    with memoised():
        assert expectation.configuration is expectation.configuration
    assert isinstance(Expectation.configuration, property)


def test_checks_that_keep_no_results_give_the_rows_make_quality_gives(warehouse):
    """The asset checks validate through Batch.validate on one shared context, storing nothing. The
    clean warehouse is validated on it first, then corrupted: every suite's rows (failures and
    samples included) equal those of the stored ValidationDefinition path `make quality` takes, so
    nothing of the first frames (batch or metric caches) leaks into the second; the shared
    context's stores stay empty."""
    from expectations import validate

    def rows(keep: bool) -> list[dict]:
        validator = validate.Validator(warehouse, "run", "check", keep_results=keep)
        try:
            out = [row for table in TABLES for row in validator.validate(table).rows]
        finally:
            validator.close()
        return [{k: v for k, v in row.items() if k != "evaluated_at"} for row in out]

    clean = rows(False)
    assert all(r["success"] for r in clean if r["severity"] == "error")
    mutate(warehouse, "amounts", lambda df: df.with_columns((pl.col("char_end") + 2).alias("char_end")))
    mutate(warehouse, "segments", lambda df: pl.concat([df, df.head(1)]))
    mutate(warehouse, "articles", lambda df: df.head(len(df) - 1))
    stored = rows(True)
    assert rows(False) == stored and stored != clean
    assert {"amounts", "segments", "stories"} <= {r["table_name"] for r in stored if not r["success"]}
    shared = validate.shared_context()
    assert not shared.suites.all() and not shared.validation_results_store.list_keys()
    with pytest.raises(ValueError):
        validate.Validator(warehouse, "run", "check", context=shared, keep_results=False)


def test_metric_ids_are_the_ids_gx_gives(warehouse):
    """expectations.gx_ids names metrics without GX's JSON conversion where the kwargs are plain:
    every id asked for while validating every suite on a corrupted warehouse, and ids of values
    the conversion does change (NaN, inf, numpy numbers, sets, str and int subclasses, non-str
    keys), equal GX's own."""
    import enum

    import numpy as np
    from great_expectations.core.id_dict import IDDict

    from expectations import gx_ids, validate

    gx_ids.install()
    fast, gx_to_id = IDDict.to_id, IDDict.to_id.gx_to_id
    asked, differ = [], []

    def checking(self, id_keys=None, id_ignore_keys=None):  # on the IDDict itself (subclasses ignore keys)
        got = fast(self, id_keys, id_ignore_keys)
        asked.append(id_keys is None and id_ignore_keys is None and gx_ids.plain(dict(self)) and len(self) > 1)
        if got != gx_to_id(self, id_keys, id_ignore_keys):
            differ.append(dict(self))
        return got

    mutate(warehouse, "quotes", lambda df: df.with_columns(pl.lit("x").alias("kind")))
    IDDict.to_id = checking
    try:
        validator = validate.Validator(warehouse, "run", "check", keep_results=False)
        try:
            rows = [row for table in TABLES for row in validator.validate(table).rows]
        finally:
            validator.close()
    finally:
        IDDict.to_id = fast
    assert any(not r["success"] for r in rows) and len(asked) > 1000 and not differ
    assert sum(asked) > len(asked) // 2  # the fast path is taken

    class Name(str):
        pass

    class Level(enum.IntEnum):
        HIGH = 2

    odd = [{"a": float("nan"), "b": 1}, {"a": float("inf"), "b": 1}, {"a": np.int64(3), "b": "x"},
           {"a": {1, 2}, "b": None}, {"a": Name("x"), "b": 2}, {"a": Level.HIGH, "b": 2}, {True: 1, "b": 2},
           {"a": (1, [2.5, "y"]), "b": {"c": True}}, {"a": {"n": np.float64(0.1)}, "b": 1}, {"a": 2**70, "b": -0.0},
           {"a": IDDict({"x": 1, "y": [1]}), "b": 1}, {"a": [1e300, 0.1 + 0.2], "b": False}]
    for d in odd:
        assert fast(IDDict(d)) == gx_to_id(IDDict(d)), d
    assert not gx_ids.plain({"a": float("nan")}) and not gx_ids.plain({"a": np.int64(1)}) and gx_ids.plain({"a": (1, "b")})
