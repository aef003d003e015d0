"""End to end through Dagster: seeds -> Parquet -> DuckDB, deterministic, with sensor and schedule."""

import hashlib
import shutil

import dagster as dg
import duckdb
import pytest

from baochi.hostile import build
from baochi.storage import table_dir
from baochi.warehouse import load_warehouse
from pipelines.definitions import TABLES, defs
from pipelines.home import stored_instance
from pipelines.refresh import fingerprint_files, refresh
from pipelines.resources import BaochiPaths
from pipelines.sensors import build_corpus_sensor
from tests.conftest import SEEDS


def materialize(corpus, warehouse, instance=None):
    """What `make run` does: plan batches, materialise new ones, refresh the corpus-level assets."""
    paths = BaochiPaths(corpus_dir=str(corpus), warehouse_dir=str(warehouse), max_bytes=5 * 1024 * 1024)
    return refresh(paths, instance or dg.DagsterInstance.ephemeral(), log=lambda *_: None)


def assert_same_as_full_load(warehouse, tmp):
    """The incremental DuckDB load holds exactly what a load from scratch of the same Parquet holds."""
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(warehouse / "parquet", tmp / "parquet")
    load_warehouse(tmp, TABLES)
    with duckdb.connect(str(warehouse / "baochi.duckdb"), read_only=True) as con:
        con.execute(f"ATTACH '{tmp / 'baochi.duckdb'}' AS scratch (READ_ONLY)")
        for t in TABLES:
            for a, b in ((t, f"scratch.{t}"), (f"scratch.{t}", t)):
                extra = con.execute(f"SELECT count(*) FROM (SELECT * FROM {a} EXCEPT ALL SELECT * FROM {b})").fetchone()[0]
                assert extra == 0, f"{t}: {extra} rows of {a} not in {b}"


def parquet_digests(warehouse):
    return {
        t: hashlib.sha256(b"".join(p.read_bytes() for p in sorted(table_dir(warehouse, t).glob("*.parquet")))).hexdigest()
        for t in TABLES
    }


@pytest.fixture(scope="module")
def seed_warehouse(tmp_path_factory):
    warehouse = tmp_path_factory.mktemp("wh")
    instance = dg.DagsterInstance.ephemeral()
    summary = materialize(SEEDS, warehouse, instance)
    assert summary["articles_extracted"] == 5
    return warehouse, instance


def test_definitions_load():
    dg.Definitions.validate_loadable(defs)
    repo = defs.get_repository_def()
    assert repo.get_schedule_def("daily_refresh").cron_schedule == "0 3 * * *"
    assert repo.get_sensor_def("corpus_files_sensor")
    assert {"batch_ingest", "batch_extract", "batch_checks"} <= {job.name for job in repo.get_all_jobs()}


def test_a_batch_checks_run_holds_every_check_of_the_batch_tables_and_no_asset():
    """`make run`'s batch runs: ingest and extraction run no check, the checks run runs them all."""
    from pipelines.jobs import BATCH_CHECKS, EXTRACT, INGEST_ASSETS, PARTITIONED

    graph = defs.resolve_asset_graph()
    batch_tables = PARTITIONED.resolve(graph)
    every = {key for key in graph.asset_check_keys if key.asset_key in batch_tables}
    assert {key.name for key in every} >= {"segments_quality", "mentions_quality", "articles_plausibility"}
    assert not BATCH_CHECKS.resolve(graph) and BATCH_CHECKS.resolve_checks(graph) == every
    assert (INGEST_ASSETS | EXTRACT).resolve(graph) == batch_tables and not (INGEST_ASSETS | EXTRACT).resolve_checks(graph)


def test_duckdb_has_the_seed_articles_and_segments(seed_warehouse):
    warehouse, _ = seed_warehouse
    with duckdb.connect(str(warehouse / "baochi.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == 5
        assert con.execute("select count(*) from rejects").fetchone()[0] == 0
        assert con.execute("select count(distinct article_id) from segments").fetchone()[0] == 5
        bad = con.execute(
            "select count(*) from segments s join articles a using (article_id) "
            "where substr(a.text, s.char_start + 1, s.char_end - s.char_start) <> s.text"
        ).fetchone()[0]
        assert bad == 0
        outlets = dict(con.execute(
            "select split_part(source_file, '_', 1), coalesce(outlet_id, '-') || '/' || coalesce(outlet_role, '-') "
            "from articles").fetchall())
        assert outlets == {
            "000": "congan.com.vn/publisher", "001": "vnexpress.net/republished_from", "002": "-/-",
            "003": "vietnamnet.vn/republished_from", "004": "-/-",
        }
        assert con.execute("select count(*) from outlets").fetchone()[0] > 50
        assert con.execute("select byline from articles where source_file like '004%'").fetchone()[0] == "Xuân Thành"


def test_long_text_columns_are_stored_with_zstd(seed_warehouse):
    """Article and paragraph text (long, never repeated) take zstd; ids and labels keep DuckDB's choice."""
    warehouse, _ = seed_warehouse
    with duckdb.connect(str(warehouse / "baochi.duckdb"), read_only=True) as con:
        stored = dict(con.execute(
            "SELECT table_name || '.' || column_name, string_agg(DISTINCT compression, ',') "
            "FROM (SELECT 'articles' AS table_name, * FROM pragma_storage_info('articles') UNION ALL "
            "SELECT 'segments', * FROM pragma_storage_info('segments')) WHERE segment_type = 'VARCHAR' GROUP BY 1"
        ).fetchall())
        assert stored["articles.text"] == stored["segments.text"] == "ZSTD"
        assert "ZSTD" not in stored["articles.article_id"] + stored["segments.kind"] + stored["articles.outlet_id"]
        assert con.execute("SELECT sum(length(text)) FROM segments").fetchone()[0] > 10_000


def test_materialisations_carry_row_counts_and_previews(seed_warehouse):
    _, instance = seed_warehouse

    def metadata(key):
        return instance.get_latest_materialization_event(dg.AssetKey(key)).asset_materialization.metadata

    assert metadata("articles")["dagster/row_count"].value == 5
    assert "preview" in metadata("segments")
    assert metadata("baochi_duckdb")["rows/articles"].value == 5


def test_a_second_run_gives_identical_tables(seed_warehouse, tmp_path):
    warehouse, _ = seed_warehouse
    first = parquet_digests(warehouse)
    materialize(SEEDS, warehouse)
    assert parquet_digests(warehouse) == first
    materialize(SEEDS, tmp_path)  # another place, same input: same bytes
    assert parquet_digests(tmp_path) == first


def test_hostile_corpus_runs_and_accounts_for_everything(tmp_path):
    corpus = tmp_path / "corpus"
    expect = build(corpus)
    materialize(corpus, tmp_path / "wh")
    with duckdb.connect(str(tmp_path / "wh" / "baochi.duckdb"), read_only=True) as con:
        seen = con.execute("select source_file from articles union all select source_file from rejects").fetchall()
    assert sorted(s for (s,) in seen) == sorted(expect)


def test_a_missing_or_empty_corpus_is_a_clear_error_and_keeps_the_warehouse(tmp_path):
    with pytest.raises(SystemExit, match="does not exist"):
        materialize(tmp_path / "nowhere", tmp_path / "wh")
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    materialize(corpus, tmp_path / "wh")
    for path in corpus.iterdir():
        path.unlink()
    with pytest.raises(SystemExit, match=r"has no files: nothing to build; the warehouse keeps its 1 batch"):
        materialize(corpus, tmp_path / "wh")
    paths = BaochiPaths(corpus_dir=str(corpus), warehouse_dir=str(tmp_path / "wh"), max_bytes=5 * 1024 * 1024)
    with pytest.raises(SystemExit, match="has no files"):  # --full checks the corpus before it deletes anything
        refresh(paths, dg.DagsterInstance.ephemeral(), full=True, log=lambda *_: None)
    assert list(table_dir(tmp_path / "wh", "articles").glob("*.parquet"))
    with duckdb.connect(str(tmp_path / "wh" / "baochi.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == len(list(SEEDS.glob("*.txt")))


def test_only_new_changed_or_removed_files_are_processed(tmp_path):
    corpus, warehouse = tmp_path / "corpus", tmp_path / "wh"
    shutil.copytree(SEEDS, corpus)
    instance = dg.DagsterInstance.ephemeral()
    assert materialize(corpus, warehouse, instance)["articles_extracted"] == 5
    again = materialize(corpus, warehouse, instance)
    assert (again["batches_processed"], again["articles_extracted"]) == (0, 0)
    text = (SEEDS / "000_7b36386dc73919a8.txt").read_text(encoding="utf-8")
    (corpus / "new").mkdir()
    (corpus / "new" / "extra.txt").write_text(text + "\nMột đoạn mới.", encoding="utf-8")
    added = materialize(corpus, warehouse, instance)
    assert (added["batches_processed"], added["batches_unchanged"], added["articles_extracted"]) == (1, 1, 1)
    assert_same_as_full_load(warehouse, tmp_path / "scratch")
    (corpus / "new" / "extra.txt").write_text(text + "\nMột đoạn khác.", encoding="utf-8")
    changed = materialize(corpus, warehouse, instance)
    assert (changed["batches_processed"], changed["articles_extracted"]) == (1, 1)
    assert_same_as_full_load(warehouse, tmp_path / "scratch")
    (corpus / "new" / "extra.txt").unlink()
    removed = materialize(corpus, warehouse, instance)
    assert (removed["batches_removed"], removed["articles_extracted"]) == (1, 0)
    assert_same_as_full_load(warehouse, tmp_path / "scratch")
    with duckdb.connect(str(warehouse / "baochi.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == 5
        assert con.execute("select count(distinct article_id) from mentions").fetchone()[0] == 5
    assert instance.get_dynamic_partitions("corpus_batches") == ["b00001"]


def test_a_duplicate_in_a_later_batch_is_rejected(tmp_path):
    corpus, warehouse = tmp_path / "corpus", tmp_path / "wh"
    shutil.copytree(SEEDS, corpus)
    instance = dg.DagsterInstance.ephemeral()
    materialize(corpus, warehouse, instance)
    shutil.copy(SEEDS / "001_c4f41b60f67e4c32.txt", corpus / "zz_copy.txt")
    assert materialize(corpus, warehouse, instance)["articles_extracted"] == 0
    with duckdb.connect(str(warehouse / "baochi.duckdb"), read_only=True) as con:
        reason, detail = con.execute("select reason, detail from rejects").fetchone()
    assert reason == "duplicate" and "001_c4f41b60f67e4c32.txt" in detail


def test_sensor_plans_batches_only_when_the_corpus_changes(tmp_path):
    (tmp_path / "a.txt").write_text("Bài một.", encoding="utf-8")
    paths = BaochiPaths(corpus_dir=str(tmp_path), warehouse_dir=str(tmp_path / "wh"), max_bytes=1000)
    sensor = build_corpus_sensor()
    instance = dg.DagsterInstance.ephemeral()
    with dg.build_sensor_context(instance=instance, resources={"paths": paths}) as context:
        first = sensor(context)
    assert [r.partition_key for r in first.run_requests] == ["b00001"]
    assert first.dynamic_partitions_requests[0].partition_keys == ["b00001"]
    with dg.build_sensor_context(instance=instance, resources={"paths": paths}) as context:
        assert isinstance(sensor(context), dg.SkipReason)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Bài hai.", encoding="utf-8")
    with dg.build_sensor_context(instance=instance, resources={"paths": paths}) as context:
        second = sensor(context)
    assert [(r.partition_key, r.tags["baochi/files"]) for r in second.run_requests] == [("b00002", "1")]


def test_only_extraction_code_changes_redo_every_batch():
    files = {name: {p.as_posix() for p in paths} for name, paths in fingerprint_files().items()}
    assert {"baochi/facts/quotes.py", "baochi/ner/model.crfsuite", "seeds/entities.csv"} <= files["extraction"]
    load_only = {"baochi/warehouse.py", "baochi/report/coverage.py", "baochi/facts/stories.py", "warehouse/sql/60_story_coverage.sql"}
    assert load_only <= files["load"] and not load_only & files["extraction"]


def _three_batches(tmp_path, monkeypatch):
    """Seeds in batches of two files, with a copy of one seed in the last batch (a duplicate)."""
    import pipelines.refresh as refresh_module
    from baochi.batches import plan_batches

    monkeypatch.setattr(refresh_module, "plan_batches", lambda c, w: plan_batches(c, w, max_files=2))
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    shutil.copy(SEEDS / "001_c4f41b60f67e4c32.txt", corpus / "zz_copy.txt")
    return corpus


def test_batches_split_across_two_processes_equal_one_run_per_batch(tmp_path, monkeypatch):
    """With a stored instance, ingest and checks run in the validation process beside extraction
    (pipelines.batch_runs): the tables are those of one run per batch in this process."""
    corpus = _three_batches(tmp_path, monkeypatch)
    instance = stored_instance(tmp_path / "home")
    split = materialize(corpus, tmp_path / "split", instance)
    steps = [r.tags["baochi/step"] for r in instance.get_runs() if "baochi/batch" in r.tags]
    assert sorted(steps) == ["checks"] * 3 + ["extract"] * 3 + ["ingest"] * 3
    one_by_one = materialize(corpus, tmp_path / "one")  # an ephemeral instance: every run here
    assert split["batches_processed"] == one_by_one["batches_processed"] == 3
    assert split["articles_extracted"] == one_by_one["articles_extracted"] == 5
    assert parquet_digests(tmp_path / "split") == parquet_digests(tmp_path / "one")
    with duckdb.connect(str(tmp_path / "split" / "baochi.duckdb"), read_only=True) as con:
        assert con.execute("select reason from rejects where source_file = 'zz_copy.txt'").fetchone() == ("duplicate",)
        steps = con.execute("select distinct check_name from quality_results").fetchall()
    assert {"facts_quality", "mentions_quality"} & {s for (s,) in steps}


@pytest.mark.parametrize("bad_file, bad_batch, kept", [
    ("001_c4f41b60f67e4c32.txt", "b00001", []),  # checked in the validation process
    ("004_de8ac57140f49c18.txt", "b00003", ["b00001", "b00002"]),  # the last batch: checked from here
])
def test_a_failed_check_in_the_split_runs_forgets_its_batch_and_those_after(tmp_path, monkeypatch, bad_file,
                                                                            bad_batch, kept):
    import polars as pl

    import assets.facts

    corpus = _three_batches(tmp_path, monkeypatch)
    extract = assets.facts.extract_facts

    def shifted(articles, segments, **kwargs):  # the bad file's mentions are off by one character
        tables = extract(articles, segments, **kwargs)
        if bad_file in articles["source_file"].to_list():
            tables["mentions"] = tables["mentions"].with_columns(pl.col("char_start") + 1)
        return tables

    monkeypatch.setattr(assets.facts, "extract_facts", shifted)
    with pytest.raises(SystemExit, match=f"batch {bad_batch} failed .a blocking ingest or facts check"):
        materialize(corpus, tmp_path / "wh", stored_instance(tmp_path / "home"))
    assert sorted(p.stem for p in (tmp_path / "wh" / "batches").glob("b*.json")) == kept
    assert sorted(p.stem.removeprefix("part-") for p in table_dir(tmp_path / "wh", "articles").glob("*.parquet")) == kept
    assert not (tmp_path / "wh" / "baochi.duckdb").exists()


def test_a_single_batch_failing_an_ingest_check_after_its_extraction_is_forgotten(tmp_path, monkeypatch):
    """A single new batch is extracted before its ingest checks run (with its facts checks): a failed
    ingest check still forgets the batch, and nothing corpus-level is built; the next refresh redoes it."""
    import polars as pl

    import assets.ingest

    ingest = assets.ingest.ingest_corpus

    def shifted(*args, **kwargs):  # every segment one character off its text
        tables = ingest(*args, **kwargs)
        tables["segments"] = tables["segments"].with_columns(pl.col("char_start") + 1)
        return tables

    monkeypatch.setattr(assets.ingest, "ingest_corpus", shifted)
    instance = stored_instance(tmp_path / "home")
    with pytest.raises(SystemExit, match="batch b00001 failed .a blocking ingest or facts check"):
        materialize(SEEDS, tmp_path / "wh", instance)
    assert not list((tmp_path / "wh" / "batches").glob("b*.json"))
    assert not list(table_dir(tmp_path / "wh", "segments").glob("*.parquet"))
    assert not (tmp_path / "wh" / "baochi.duckdb").exists()
    failed = [c for c in instance.get_runs() if c.tags.get("baochi/step") == "checks"][0]
    evaluations = [e.dagster_event.event_specific_data for e in instance.all_logs(failed.run_id)
                   if e.dagster_event and e.dagster_event.event_type_value == "ASSET_CHECK_EVALUATION"]
    checks = {evaluation.asset_check_key.name: evaluation.passed for evaluation in evaluations}
    assert checks["segments_quality"] is False and checks["articles_quality"] is True
    monkeypatch.setattr(assets.ingest, "ingest_corpus", ingest)
    assert materialize(SEEDS, tmp_path / "wh", instance)["articles_extracted"] == 5


def test_an_error_outside_a_run_forgets_the_batches_not_done(tmp_path, monkeypatch):
    """Not a failed run but an exception (a killed process, Ctrl-C) in the second of three batches:
    the first is kept, the other two are forgotten, and the next refresh does exactly those."""
    import pipelines.batch_runs as batch_runs

    corpus = _three_batches(tmp_path, monkeypatch)
    run_step = batch_runs.run_step

    def dies(instance, paths, key, step):
        if key == "b00002":
            raise RuntimeError("the process died")
        return run_step(instance, paths, key, step)

    monkeypatch.setattr(batch_runs, "run_step", dies)
    with pytest.raises(RuntimeError, match="the process died"):
        materialize(corpus, tmp_path / "wh")
    assert sorted(p.stem for p in (tmp_path / "wh" / "batches").glob("b*.json")) == ["b00001"]
    assert [p.stem for p in table_dir(tmp_path / "wh", "articles").glob("*.parquet")] == ["part-b00001"]
    monkeypatch.setattr(batch_runs, "run_step", run_step)
    summary = materialize(corpus, tmp_path / "wh")
    assert (summary["batches_processed"], summary["batches_unchanged"]) == (2, 1)
    materialize(corpus, tmp_path / "one")
    assert parquet_digests(tmp_path / "wh") == parquet_digests(tmp_path / "one")


def test_one_new_batch_is_two_runs_and_its_corpus_tables_are_built_beside_its_checks(tmp_path, monkeypatch):
    """A stored instance and a single batch: ingest with extraction, then its checks, run from the
    refresh process while entities and stories are built ahead, and DuckDB loaded ahead; the tables
    are those of one run, the database that of a plain load."""
    import baochi.facts.corpus_build as corpus_build

    import assets.facts
    import assets.warehouse

    taken, take, take_after = [], corpus_build.take_ahead, corpus_build.take_after

    def recorded(warehouse, table):
        df = take(warehouse, table)
        taken.append((table, df is not None))
        return df

    def load_taken(warehouse):
        pending = take_after(warehouse)
        taken.append(("duckdb", pending is not None))
        return pending

    monkeypatch.setattr(assets.facts, "take_ahead", recorded)
    monkeypatch.setattr(assets.warehouse, "take_after", load_taken)
    instance = stored_instance(tmp_path / "home")
    summary = materialize(SEEDS, tmp_path / "stored", instance)
    steps = [r.tags["baochi/step"] for r in instance.get_runs() if "baochi/batch" in r.tags]
    assert summary["batches_processed"] == 1 and sorted(steps) == ["checks", "ingest_extract"]
    assert taken == [("entities", True), ("stories", True), ("duckdb", True)]
    materialize(SEEDS, tmp_path / "one")
    assert parquet_digests(tmp_path / "stored") == parquet_digests(tmp_path / "one")
    assert_same_as_full_load(tmp_path / "stored", tmp_path / "scratch")


def test_a_failed_corpus_level_run_is_redone_by_the_next_refresh(tmp_path, monkeypatch):
    """Batches done, stories failing: the next refresh has no batch to do but must still finish the
    corpus-level run (else DuckDB would silently miss the new articles)."""
    import baochi.facts.stories

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for path in seeds[:4]:
        shutil.copy(path, corpus / path.name)
    warehouse = tmp_path / "wh"
    materialize(corpus, warehouse)
    shutil.copy(seeds[4], corpus / seeds[4].name)
    build = baochi.facts.stories.build

    def broken(tables):
        raise RuntimeError("stories failed")

    monkeypatch.setattr(baochi.facts.stories, "build", broken)
    with pytest.raises(SystemExit, match="warehouse refresh failed"):
        materialize(corpus, warehouse)
    monkeypatch.setattr(baochi.facts.stories, "build", build)
    summary = materialize(corpus, warehouse)
    assert summary["batches_processed"] == 0
    with duckdb.connect(str(warehouse / "baochi.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == 5
        assert con.execute("select count(distinct article_id) from stories").fetchone()[0] == 5
