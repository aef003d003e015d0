"""A DuckDB load prepared ahead (baochi.warehouse.PendingLoad, started by `make run` once entities and
stories are built ahead) shows nothing until it commits, leaves the file as it was when aborted, and
commits the Parquet as it is at commit time: the same database as a plain load."""

import shutil
import threading

import duckdb
import polars as pl
import pytest

from baochi.facts import corpus_build
from baochi.storage import read_table, table_dir, write_table
from baochi.warehouse import MEMORY_LIMIT, PendingLoad, _parts, db_path, load_warehouse
from pipelines.definitions import TABLES

GIVEN = ["entities", "stories"]


@pytest.fixture
def warehouse(seeded_warehouse, tmp_path):
    """A copy of the seeded warehouse (Parquet, DuckDB file, check results)."""
    copy = tmp_path / "wh"
    shutil.copytree(seeded_warehouse, copy)
    return copy


def _contents(warehouse) -> dict[str, list]:
    """Every table of the database (base tables, view caches, meta) as sorted rows."""
    with duckdb.connect(str(db_path(warehouse)), read_only=True) as con:
        names = con.execute("SELECT table_schema, table_name FROM information_schema.tables "
                            "WHERE table_type = 'BASE TABLE' ORDER BY 1, 2").fetchall()
        return {f"{s}.{t}": sorted(map(repr, con.execute(f'SELECT * FROM "{s}"."{t}"').fetchall())) for s, t in names}


def _plain_load(warehouse, tmp_path):
    """The same Parquet and check results, loaded from scratch by load_warehouse."""
    other = tmp_path / "plain"
    for folder in ("parquet", "quality"):
        shutil.copytree(warehouse / folder, other / folder)
    load_warehouse(other, TABLES)
    return other


def _drop_one_article(warehouse) -> str:
    """Rewrite the first `articles` part without its first article (what a changed batch leaves)."""
    part = sorted(table_dir(warehouse, "articles").glob("*.parquet"))[0]
    df = pl.read_parquet(part)
    df.slice(1).write_parquet(part)
    return df["article_id"][0]


def _stamps(warehouse, table):
    with duckdb.connect(str(db_path(warehouse)), read_only=True) as con:
        return dict(con.execute("SELECT part, stamp FROM meta.loaded_parts WHERE table_name = ?", [table]).fetchall())


def test_nothing_shows_before_commit_and_an_abort_leaves_the_file_as_it_was(warehouse):
    before = _contents(warehouse)
    _drop_one_article(warehouse)
    given = {t: read_table(warehouse, t).slice(1) for t in GIVEN}  # not what is stored
    pending = PendingLoad(warehouse, TABLES, given=given)
    with duckdb.connect(str(db_path(warehouse)), config={"memory_limit": MEMORY_LIMIT}) as other:
        assert other.execute("SELECT count(*) FROM articles").fetchone()[0] == len(before["main.articles"])
    pending.abort()
    assert _contents(warehouse) == before
    assert not list(warehouse.glob(".load-ahead-*"))  # the staged Parquet is gone


def test_a_load_ahead_of_tables_written_later_commits_what_a_plain_load_commits(warehouse, tmp_path):
    """Given entities and stories before their assets write them: committed once they are written
    (the same frames), the database is the one a plain load makes, stamps of the written files included."""
    _drop_one_article(warehouse)
    frames = {t: read_table(warehouse, t) for t in GIVEN}
    for table in GIVEN:
        shutil.rmtree(table_dir(warehouse, table))  # not written yet
    pending = PendingLoad(warehouse, TABLES, given=frames)
    for table, df in frames.items():  # the assets write what was built ahead
        write_table(df, warehouse, table)
    pending.commit()
    assert _contents(warehouse) == _contents(_plain_load(warehouse, tmp_path))
    for table in GIVEN:
        assert _stamps(warehouse, table) == _parts(warehouse, table)


def test_commit_catches_up_with_the_parquet_as_it_is_then(warehouse, tmp_path):
    """A batch part and a corpus table rewritten with other rows after the load was prepared: the
    commit holds the new rows, and views computed from them."""
    stored = read_table(warehouse, "stories")
    pending = PendingLoad(warehouse, TABLES, given={"stories": stored})
    dropped = _drop_one_article(warehouse)
    write_table(stored.filter(pl.col("article_id") != dropped), warehouse, "stories")
    pending.commit()
    contents = _contents(warehouse)
    assert contents == _contents(_plain_load(warehouse, tmp_path))
    assert not any(dropped in row for row in contents["main.articles"] + contents["main.stories"])


def test_make_run_prepares_the_load_after_the_tables_built_ahead(warehouse):
    """corpus_build runs `then` on the tables once all are built; what nobody takes is aborted."""
    made, ready = [], threading.Event()

    class Load:
        def __init__(self, built):
            self.built, self.aborted = built, False
            made.append(self)
            ready.set()

        def abort(self):
            self.aborted = True

    corpus_build.start_ahead(warehouse, then=Load)
    try:
        load = corpus_build.take_after(warehouse)
        assert sorted(load.built) == GIVEN and not load.aborted
        assert corpus_build.take_after(warehouse) is None  # taken once
    finally:
        corpus_build.forget_ahead(warehouse)
    assert not load.aborted  # taken: its taker commits or aborts it
    ready.clear()
    corpus_build.start_ahead(warehouse, then=Load)
    assert ready.wait(60)
    corpus_build.forget_ahead(warehouse)  # not taken (a check upstream failed, say)
    assert len(made) == 2 and made[1].aborted


def test_a_first_load_that_fails_at_commit_leaves_no_file_and_a_killed_loads_copy_is_cleared(warehouse):
    db_path(warehouse).unlink()
    leftover = warehouse / ".load-ahead-killed"  # what a load cut short by a kill leaves
    (leftover / "parquet").mkdir(parents=True)
    pending = PendingLoad(warehouse, TABLES, given={"stories": read_table(warehouse, "stories")})
    assert not leftover.exists()
    shutil.rmtree(table_dir(warehouse, "stories"))  # its asset never wrote it
    with pytest.raises(FileNotFoundError, match="stories"):
        pending.commit()
    assert not db_path(warehouse).exists() and not list(warehouse.glob(".load-ahead-*"))
