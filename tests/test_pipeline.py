"""End to end through Dagster: seeds -> Parquet -> DuckDB, deterministic, with sensor and schedule."""

import hashlib

import dagster as dg
import duckdb
import pytest

from baochi.hostile import build
from baochi.storage import table_dir
from pipelines.definitions import ALL_ASSETS, TABLES, defs
from pipelines.resources import BaochiPaths
from pipelines.sensors import build_corpus_sensor
from tests.conftest import SEEDS


def materialize(corpus, warehouse):
    paths = BaochiPaths(corpus_dir=str(corpus), warehouse_dir=str(warehouse), max_bytes=5 * 1024 * 1024)
    result = dg.materialize(ALL_ASSETS, resources={"paths": paths}, instance=dg.DagsterInstance.ephemeral())
    assert result.success
    return result


def parquet_digests(warehouse):
    return {
        t: hashlib.sha256(b"".join(p.read_bytes() for p in sorted(table_dir(warehouse, t).glob("*.parquet")))).hexdigest()
        for t in TABLES
    }


@pytest.fixture(scope="module")
def seed_warehouse(tmp_path_factory):
    warehouse = tmp_path_factory.mktemp("wh")
    result = materialize(SEEDS, warehouse)
    return warehouse, result


def test_definitions_load():
    dg.Definitions.validate_loadable(defs)
    repo = defs.get_repository_def()
    assert repo.get_schedule_def("daily_refresh").cron_schedule == "0 3 * * *"
    assert repo.get_sensor_def("corpus_files_sensor")


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


def test_materialisations_carry_row_counts_and_previews(seed_warehouse):
    _, result = seed_warehouse
    materializations = [e.event_specific_data.materialization for e in result.get_asset_materialization_events()]
    events = {m.asset_key.path[-1]: m.metadata for m in materializations}
    assert events["articles"]["dagster/row_count"].value == 5
    assert "preview" in events["segments"]
    assert events["baochi_duckdb"]["rows/articles"].value == 5


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


def test_sensor_requests_a_run_only_when_the_corpus_changes(tmp_path):
    (tmp_path / "a.txt").write_text("Bài một.", encoding="utf-8")
    paths = BaochiPaths(corpus_dir=str(tmp_path), warehouse_dir=str(tmp_path / "wh"), max_bytes=1000)
    sensor = build_corpus_sensor()
    with dg.build_sensor_context(resources={"paths": paths}) as context:
        first = sensor(context)
        assert isinstance(first, dg.RunRequest)
        cursor = context.cursor
    with dg.build_sensor_context(cursor=cursor, resources={"paths": paths}) as context:
        assert isinstance(sensor(context), dg.SkipReason)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Bài hai.", encoding="utf-8")
    with dg.build_sensor_context(cursor=cursor, resources={"paths": paths}) as context:
        second = sensor(context)
        assert isinstance(second, dg.RunRequest) and second.run_key != first.run_key
        assert second.tags["baochi/corpus_files"] == "2"
