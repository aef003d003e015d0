"""expectations.prepare.to_frame gives the frame DuckDB's `.df()` gives: same values, same dtypes.

GX's results depend on dtypes (a nullable Int32 and a float column with NaN are checked
differently), so the faster Arrow route must not change a single one: compared here on every table
of a real warehouse (the seeds, whole and per batch, with every derived column) and on the types
and NULL patterns that `.df()` treats specially.
"""

import pandas as pd
import pytest

from expectations import prepare
from expectations.suites import TABLES


def same(con, sql: str, through_arrow: bool = True) -> pd.DataFrame:
    assert prepare.converts_itself(con.sql(sql)) == through_arrow
    expected, got = con.sql(sql).df(), prepare.to_frame(con.sql(sql))
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    return got


def test_every_table_of_the_seed_warehouse_converts_as_duckdb_does(seeded_warehouse):
    seed_warehouse = seeded_warehouse
    batch = sorted((seed_warehouse / "parquet" / "articles").glob("part-*.parquet"))[0].stem.removeprefix("part-")
    for partition in (None, batch):
        con = prepare.connect(seed_warehouse, partition)
        for table in TABLES:
            frame = same(con, prepare.frame_sql(table) + " ORDER BY ALL")
            assert len(frame) or table == "rejects"  # the seeds reject nothing
            same(con, prepare.frame_sql(table) + " LIMIT 0")
            same(con, prepare.frame_sql(table, columns=[], only=[]), through_arrow=False)  # NULL AS _none


def test_article_text_stored_once_gives_the_frames_its_view_gives(seeded_warehouse, monkeypatch):
    """prepare() keeps each article's text in a temp table after the first frame that joins it; the
    frames (offset checks included) are those the plain view gives."""
    stored = prepare.connect(seeded_warehouse)
    got = {table: prepare.prepare(stored, table) for table in TABLES}
    assert stored.execute("SELECT count(*) FROM _article_text_stored").fetchone()[0] == 5
    assert "_article_text" not in prepare.tables(stored) and "articles" in prepare.tables(stored)  # no table of its own
    monkeypatch.setattr(prepare, "_store_article_text", lambda con: None)
    viewed = prepare.connect(seeded_warehouse)
    for table in TABLES:
        expected = prepare.prepare(viewed, table)
        key = list(expected.columns)
        pd.testing.assert_frame_equal(got[table].sort_values(key).reset_index(drop=True),
                                      expected.sort_values(key).reset_index(drop=True), check_exact=True)
    assert not viewed.sql("SELECT * FROM duckdb_tables() WHERE table_name = '_article_text_stored'").fetchall()
    assert got["segments"]["offset_ok"].all() and got["mentions"]["offset_ok"].all()


@pytest.mark.parametrize("sql", [
    "SELECT * FROM (VALUES (1::TINYINT, 1::SMALLINT, 1::INT, 1::BIGINT, 1::UTINYINT, 1::USMALLINT, 1::UINTEGER, "
    "1::UBIGINT), (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)) t(a, b, c, d, e, f, g, h)",
    "SELECT * FROM (VALUES (1::INT, 2::BIGINT, true, 1.5::FLOAT), (3, 4, false, NULL)) t(a, b, c, x)",
    "SELECT * FROM (VALUES (true), (NULL)) t(b)",
    "SELECT NULL::INT AS i, NULL::BOOLEAN AS b, NULL::VARCHAR AS s, NULL::DATE AS d, NULL::DOUBLE AS x",
    "SELECT * FROM (VALUES ('2024-02-29'::DATE, 'a', 1.5), (NULL, NULL, NULL), ('1900-01-01', 'đặc phái viên', 'nan'::DOUBLE)) t(d, s, x)",
    "SELECT 'x' AS s, 1::INT AS i WHERE false",  # no rows: strings come out as objects
    "SELECT (i % 7)::INT AS i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'v' || i END AS s FROM range(3000000) r(i)",  # many chunks
])
def test_types_and_nulls_convert_as_duckdb_does(sql):
    import duckdb

    same(duckdb.connect(), sql)


@pytest.mark.parametrize("sql", [
    "SELECT [1, 2] AS l, TIMESTAMP '2024-01-01 10:00:00' AS ts",
    "SELECT '6ba7b810-9dad-11d1-80b4-00c04fd430c8'::UUID AS u, 'x' AS s",  # Arrow would give the UUID as a string, .df() a uuid.UUID
    "SELECT 1 AS a, 'x' AS a",  # .df() renames the second a; a dict of columns would lose one
])
def test_other_types_and_repeated_names_take_duckdbs_own_conversion(sql):
    import duckdb

    same(duckdb.connect(), sql, through_arrow=False)


def test_a_column_in_no_chunk_or_several_converts_whole():
    import pyarrow as pa

    empty = prepare._series(pa.chunked_array([], type=pa.string()), "VARCHAR")
    assert empty.dtype == object and empty.empty
    split = prepare._series(pa.chunked_array([[1, None], [3]], type=pa.uint16()), "USMALLINT")
    assert str(split.dtype) == "UInt16" and split.tolist()[::2] == [1, 3] and split.isna().tolist() == [False, True, False]
    dates = prepare._series(pa.chunked_array([[0], [None]], type=pa.date32()), "DATE")
    assert str(dates.dtype) == "datetime64[us]" and str(dates[0].date()) == "1970-01-01" and dates.isna().tolist() == [False, True]


def test_loading_the_pipeline_imports_neither_gx_nor_pandas():
    """`make run` and every Dagster step load pipelines.definitions (the checks import this module);
    GX, pandas and pyarrow are imported only where a frame is validated (the validation process)."""
    import subprocess
    import sys

    code = ("import sys, pipelines.refresh, pipelines.definitions; "
            "print(sorted(m for m in ('great_expectations', 'pandas', 'pyarrow') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
