"""Load the Parquet tables into one DuckDB file, in one transaction, then create the views.

DuckDB allows a single writer, so this module is the only code that writes the database file.
Views are `.sql` files in `warehouse/sql/`, created after the tables, in file-name order.
`quality_results` is rebuilt here too, from the result files the quality checks leave under
`quality/results/` (checks never open the database: it has this one writer).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from baochi.storage import parquet_glob, table_dir
from expectations.results import load_sql as quality_results_sql

DB_NAME = "baochi.duckdb"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
SQL_DIR = PROJECT_ROOT / "warehouse" / "sql"


def db_path(warehouse: str | Path) -> Path:
    return Path(warehouse) / DB_NAME


def _quote(path: str | Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def read_seed(name: str, seeds_dir: Path = SEEDS_DIR) -> pl.DataFrame:
    """A reference CSV from seeds/ (every column a string, as written by hand)."""
    return pl.read_csv(seeds_dir / f"{name}.csv", infer_schema=False)


def load_warehouse(warehouse: str | Path, tables: list[str]) -> dict[str, int]:
    """(Re)create every table from its Parquet and every view; return each table's row count."""
    missing = [t for t in tables if not any(table_dir(warehouse, t).glob("*.parquet"))]
    if missing:
        raise FileNotFoundError(f"no Parquet for {missing} under {Path(warehouse) / 'parquet'}")
    path = db_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            for table in tables:
                source = f"read_parquet({_quote(parquet_glob(warehouse, table))})"
                con.execute(f'CREATE OR REPLACE TABLE "{table}" AS SELECT * FROM {source}')
            con.execute(quality_results_sql(warehouse))
            for sql_file in sorted(SQL_DIR.glob("*.sql")):
                con.execute(sql_file.read_text(encoding="utf-8"))
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
