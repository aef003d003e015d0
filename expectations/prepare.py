"""The frames the suites validate: each table as stored, plus boolean columns computed in DuckDB.

GX validates one pandas DataFrame at a time and cannot join, so whatever needs another table
(offsets against articles.text, foreign keys, per-article shares) is computed here, in SQL over the
Parquet, as a column that is never NULL; the suite then expects it to be true (or its mean to be in a
range). DuckDB does the joins in parallel and streams, so 1M-row tables prepare in about a second.

No Dagster and no GX here: the CLI, the Dagster checks, the tests and the benchmark share this.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from functools import cache

import duckdb
import numpy as np

from baochi.storage import part_path, table_dir

ARTICLE_TEXT = "LEFT JOIN _article_text a ON a.article_id = t.article_id"
# Each article's text once (a view from `connect`; `prepare` stores it in a temp table the first time
# a frame joins it, as six tables check their offsets against it: 20% less time for a batch's frames).
_ARTICLE_TEXT_SQL = "SELECT article_id, any_value(text) AS text FROM articles GROUP BY article_id"


@dataclass(frozen=True)
class Derived:
    """A computed column: its SQL over `t` (the table) and `a` (its article), and the tables it reads."""

    sql: str
    needs: tuple[str, ...] = ()
    joins_article: bool = False


def _offset(surface: str) -> Derived:
    sql = f"coalesce(substr(a.text, t.char_start + 1, t.char_end - t.char_start) = t.{surface}, false)"
    return Derived(sql, ("articles",), joins_article=True)


def _exists(column: str, table: str, key: str, nullable: bool = False) -> Derived:
    found = f"coalesce(t.{column} IN (SELECT {key} FROM {table} WHERE {key} IS NOT NULL), false)"
    return Derived(f"(t.{column} IS NULL OR {found})" if nullable else found, (table,))


_ARTICLE_OK = Derived("a.article_id IS NOT NULL", ("articles",), joins_article=True)
_SPANS = {"offset_ok": _offset("surface"), "article_ok": _ARTICLE_OK}
_DAYS_IN_MONTH = (
    "CASE WHEN t.month = 2 THEN CASE WHEN t.year IS NULL OR (t.year % 4 = 0 AND (t.year % 100 <> 0 "
    "OR t.year % 400 = 0)) THEN 29 ELSE 28 END WHEN t.month IN (4, 6, 9, 11) THEN 30 ELSE 31 END"
)

DERIVED: dict[str, dict[str, Derived]] = {
    "articles": {
        "has_text": Derived("coalesce(length(t.text) > 0, false)"),
        "outlet_role_ok": Derived("(t.outlet_id IS NULL) = (t.outlet_role IS NULL)"),
        "has_story": _exists("article_id", "stories", "article_id"),
        "has_outlet": Derived("t.outlet_id IS NOT NULL"),
        "has_mention": _exists("article_id", "mentions", "article_id"),
        "has_date": Derived(
            "(t.published_date IS NOT NULL OR coalesce(t.article_id IN "
            "(SELECT article_id FROM time_refs WHERE date IS NOT NULL), false))", ("time_refs",)),
    },
    "segments": {"offset_ok": _offset("text"), "article_ok": _ARTICLE_OK},
    "rejects": {"not_an_article": Derived(
        "NOT coalesce(t.source_file IN (SELECT source_file FROM articles), false)", ("articles",))},
    "mentions": {**_SPANS, "entity_ok": _exists("entity_id", "entities", "entity_id")},
    "entities": {},
    "quotes": {
        "offset_ok": _offset("text"),
        "article_ok": _ARTICLE_OK,
        "speaker_ok": _exists("speaker_entity_id", "entities", "entity_id", nullable=True),
        "speaker_offset_ok": Derived(
            "(t.speaker_start IS NULL OR coalesce(substr(a.text, t.speaker_start + 1, "
            "t.speaker_end - t.speaker_start) = t.speaker_surface, false))", ("articles",), joins_article=True),
        "has_speaker": Derived("(t.speaker_entity_id IS NOT NULL OR t.speaker_surface IS NOT NULL)"),
    },
    "amounts": dict(_SPANS),
    "time_refs": {
        **_SPANS,
        "day_valid": Derived(f"(t.day IS NULL OR coalesce(t.month BETWEEN 1 AND 12 AND t.day BETWEEN 1 AND "
                             f"{_DAYS_IN_MONTH}, false))"),
        "date_ok": Derived("(t.date IS NULL OR coalesce(year(t.date) = t.year AND month(t.date) = t.month "
                           "AND day(t.date) = t.day, false))"),
    },
    "citations": {**_SPANS, "source_ok": _exists("source_id", "entities", "entity_id", nullable=True)},
    "stories": {
        "article_ok": _exists("article_id", "articles", "article_id"),
        "n_articles_ok": Derived("coalesce(t.n_articles = count(*) OVER (PARTITION BY t.story_id), false)"),
    },
}
DROP = {"articles": ["text"]}  # the article text is large and only its presence is checked (has_text)


class MissingTable(FileNotFoundError):
    """A table the validation reads has no Parquet yet."""


def _quote(value: str | Path) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def connect(warehouse: str | Path, partition: str | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one view per table found under warehouse/parquet.

    With a partition (a corpus batch), a table that has that batch's part reads only that part;
    tables without one (outlets, entities, stories) are read whole. The article text `prepare`
    stores is a snapshot: a connection must not outlive a change to the Parquet (each validation
    makes its own).
    """
    con = duckdb.connect()
    root = Path(warehouse) / "parquet"
    for folder in sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []:
        part = part_path(warehouse, folder.name, partition) if partition else None
        if part is not None and part.exists():
            source = _quote(part)
        elif any(folder.glob("*.parquet")):
            source = _quote(folder / "*.parquet")
        else:
            continue
        con.execute(f'CREATE VIEW "{folder.name}" AS SELECT * FROM read_parquet({source}, union_by_name = true)')
    if "articles" in tables(con):
        con.execute(f"CREATE VIEW _article_text AS {_ARTICLE_TEXT_SQL}")
    return con


def _store_article_text(con: duckdb.DuckDBPyConnection) -> None:
    """Compute the article text view once for this connection (the frames after this one read it)."""
    con.execute(f"CREATE TEMP TABLE IF NOT EXISTS _article_text_stored AS {_ARTICLE_TEXT_SQL}")
    con.execute("CREATE OR REPLACE VIEW _article_text AS SELECT * FROM _article_text_stored")


def tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The warehouse tables `connect` made a view of (not its helper `_article_text`)."""
    return {name for (name,) in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND view_name <> '_article_text'").fetchall()}


def needs(table: str, columns) -> set[str]:
    """The tables that computing these columns of `table` reads (besides the table itself)."""
    derived = DERIVED.get(table, {})
    return {t for c in columns if c in derived for t in derived[c].needs}


def _derived(table: str, columns=None) -> dict[str, Derived]:
    return {n: d for n, d in DERIVED.get(table, {}).items() if columns is None or n in columns}


def frame_sql(table: str, columns=None, only=None) -> str:
    """SELECT of the table with the derived columns asked for (all of them when columns is None);
    with `only`, just those stored columns (the rest is not read, nor converted for GX)."""
    derived = _derived(table, columns)
    drop = DROP.get(table)
    if only is not None:
        select = [f't."{c}"' for c in only if c not in derived] or ["NULL AS _none"]
    else:
        select = ["t.* EXCLUDE (" + ", ".join(drop) + ")" if drop else "t.*"]
    select += [f"{d.sql} AS {name}" for name, d in derived.items()]
    join = ARTICLE_TEXT if any(d.joins_article for d in derived.values()) else ""
    return f'SELECT {", ".join(select)} FROM "{table}" t {join}'


# DuckDB types whose `.df()` conversion _series reproduces; a relation with any other (UUID, lists,
# timestamps, decimals, NULL) or with two columns of one name takes `.df()` itself.
HANDLED = {"VARCHAR", "BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT",
           "UINTEGER", "UBIGINT", "DATE", "FLOAT", "DOUBLE"}


@cache
def _nullable() -> dict:
    """Arrow integer and boolean types -> pandas' nullable dtypes (pandas and pyarrow are imported
    when a frame is made, not when Dagster loads the checks)."""
    import pandas as pd
    import pyarrow as pa

    return {pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
            pa.int64(): pd.Int64Dtype(), pa.uint8(): pd.UInt8Dtype(), pa.uint16(): pd.UInt16Dtype(),
            pa.uint32(): pd.UInt32Dtype(), pa.uint64(): pd.UInt64Dtype(), pa.bool_(): pd.BooleanDtype()}


def _series(column, duckdb_type: str):
    """One column (a pyarrow ChunkedArray of a HANDLED DuckDB type) as DuckDB's `.df()` gives it."""
    import pandas as pd

    if duckdb_type == "VARCHAR":
        if column.null_count == len(column):  # nothing to infer a dtype from: objects, all None
            return pd.Series([None] * len(column), dtype=object)
        return column.to_pandas()
    if duckdb_type == "DATE":
        return column.to_pandas(date_as_object=False).astype("datetime64[us]")
    if duckdb_type in ("FLOAT", "DOUBLE"):
        return column.to_pandas()
    nullable = _nullable()  # integers and booleans: numpy without NULLs, pandas' nullable dtype with them
    return column.to_pandas(types_mapper=nullable.get) if column.null_count else column.to_pandas()


def converts_itself(relation: duckdb.DuckDBPyRelation) -> bool:
    """Whether to_frame makes this relation's frame through Arrow (else it calls `.df()`)."""
    return len(set(relation.columns)) == len(relation.columns) and all(str(t) in HANDLED for t in relation.types)


def to_frame(relation: duckdb.DuckDBPyRelation):
    """`relation.df()`, the same frame (dtypes included: tests/test_prepare.py), through Arrow.

    DuckDB's `.df()` makes a Python str of every value, which pandas then stores as Arrow strings
    again; going through Arrow skips both: the keys of 612k mentions take 0.1 s instead of 0.8 s."""
    import pandas as pd

    if not converts_itself(relation):
        return relation.df()
    table = relation.to_arrow_table()
    return pd.DataFrame({name: _series(column, str(kind)) for name, column, kind
                         in zip(table.column_names, table.columns, relation.types)})


def prepare(con: duckdb.DuckDBPyConnection, table: str, columns=None, only=None):
    """The table (plus derived columns) as a pandas DataFrame, what GX 1.x validates. Small integer
    columns are widened to int64: GX compares that dtype with vectorised code, the others row by row."""
    present = tables(con)
    missing = sorted(({table} | needs(table, DERIVED.get(table, {}) if columns is None else columns)) - present)
    if missing:
        raise MissingTable(f"no Parquet for {missing} (validating {table}); materialise them first")
    if any(d.joins_article for d in _derived(table, columns).values()):
        _store_article_text(con)
    df = to_frame(con.sql(frame_sql(table, columns, only)))
    narrow = [c for c, dtype in df.dtypes.items() if dtype in (np.int8, np.int16, np.int32, np.uint8, np.uint16, np.uint32)]
    return df.astype(dict.fromkeys(narrow, np.int64)) if narrow else df


def table_exists(warehouse: str | Path, table: str) -> bool:
    return any(table_dir(warehouse, table).glob("*.parquet"))
