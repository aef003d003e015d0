"""expectations.prepare.to_frame gives the frame DuckDB's `.df()` gives: same values, same dtypes.

GX's results depend on dtypes (a nullable Int32 and a float column with NaN are checked
differently), so the faster Arrow route must not change a single one: compared here on every table
of a real warehouse (the seeds, whole and per batch, with every derived column) and on the types
and NULL patterns that `.df()` treats specially.
"""

import dagster as dg
import pandas as pd
import pytest

from expectations import prepare
from expectations.suites import TABLES
from pipelines.refresh import refresh
from pipelines.resources import BaochiPaths
from tests.conftest import SEEDS


def same(con, sql: str) -> pd.DataFrame:
    expected, got = con.sql(sql).df(), prepare.to_frame(con.sql(sql))
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    return got


@pytest.fixture(scope="module")
def seed_warehouse(tmp_path_factory):
    warehouse = tmp_path_factory.mktemp("prepare_wh")
    paths = BaochiPaths(corpus_dir=str(SEEDS), warehouse_dir=str(warehouse), max_bytes=5 * 1024 * 1024)
    refresh(paths, dg.DagsterInstance.ephemeral(), log=lambda *_: None)
    return warehouse


def test_every_table_of_the_seed_warehouse_converts_as_duckdb_does(seed_warehouse):
    batch = sorted((seed_warehouse / "parquet" / "articles").glob("part-*.parquet"))[0].stem.removeprefix("part-")
    for partition in (None, batch):
        con = prepare.connect(seed_warehouse, partition)
        for table in TABLES:
            frame = same(con, prepare.frame_sql(table) + " ORDER BY ALL")
            assert len(frame) or table == "rejects"  # the seeds reject nothing
            same(con, prepare.frame_sql(table) + " LIMIT 0")
            same(con, prepare.frame_sql(table, columns=[], only=[]))  # the NULL AS _none placeholder


@pytest.mark.parametrize("sql", [
    "SELECT * FROM (VALUES (1::TINYINT, 1::SMALLINT, 1::INT, 1::BIGINT, 1::UTINYINT, 1::UINTEGER), "
    "(NULL, NULL, NULL, NULL, NULL, NULL)) t(a, b, c, d, e, f)",
    "SELECT * FROM (VALUES (1::INT, 2::BIGINT, true), (3, 4, false)) t(a, b, c)",  # no NULL: numpy dtypes
    "SELECT * FROM (VALUES (true), (NULL)) t(b)",
    "SELECT NULL::INT AS i, NULL::BOOLEAN AS b, NULL::VARCHAR AS s, NULL::DATE AS d, NULL::DOUBLE AS x",
    "SELECT * FROM (VALUES ('2024-02-29'::DATE, 'a', 1.5), (NULL, NULL, NULL), ('1900-01-01', 'đặc phái viên', 'nan'::DOUBLE)) t(d, s, x)",
    "SELECT 'x' AS s, 1::INT AS i WHERE false",  # no rows: strings come out as objects
    "SELECT [1, 2] AS l, TIMESTAMP '2024-01-01 10:00:00' AS ts",  # not handled: `.df()` itself
])
def test_types_and_nulls_convert_as_duckdb_does(sql):
    import duckdb

    same(duckdb.connect(), sql)


def test_loading_the_pipeline_imports_neither_gx_nor_pandas():
    """`make run` and every Dagster step load pipelines.definitions (the checks import this module);
    GX, pandas and pyarrow are imported only where a frame is validated (the validation process)."""
    import subprocess
    import sys

    code = ("import sys, pipelines.refresh, pipelines.definitions; "
            "print(sorted(m for m in ('great_expectations', 'pandas', 'pyarrow') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
