"""Validation results as Parquet files, and the SQL that turns them into DuckDB `quality_results`.

DuckDB has one writer. Checks running inside the pipeline therefore never open the database: each
writes its rows to `$BAOCHI_WAREHOUSE/quality/results/<run_id>-<check>[-<batch>].parquet` (atomic
rename, never overwritten), and whoever writes the database next (the `baochi_duckdb` load, or
`python -m expectations.run`) rebuilds `quality_results` from all of those files in its own
transaction. History accumulates as files; the table is a view of it, across runs.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb
import polars as pl

TABLE = "quality_results"
SCHEMA = {
    "run_id": pl.String,  # Dagster run id, or cli-<time>-<hex> for `python -m expectations.run`
    "table_name": pl.String,  # the suite's table
    "expectation": pl.String,  # label: expectation type(columns), unique within the suite
    "severity": pl.String,  # error (blocks) | warn (shown)
    "success": pl.Boolean,
    "unexpected_count": pl.Int64,
    "observed_value": pl.String,
    "evaluated_at": pl.Datetime("us"),  # UTC wall clock of the validation
    "element_count": pl.Int64,
    "unexpected_sample": pl.String,  # JSON: up to 5 unexpected values or rows (key columns included)
    "expectation_type": pl.String,
    "check_name": pl.String,  # the Dagster check (or `cli`) that ran it
    "partition": pl.String,  # the corpus batch validated; NULL = the whole warehouse
    "why": pl.String,
}
_SQL_TYPES = {pl.String: "VARCHAR", pl.Boolean: "BOOLEAN", pl.Int64: "BIGINT"}


def results_dir(warehouse: str | Path) -> Path:
    return Path(warehouse) / "quality" / "results"


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text)


def write_results(warehouse: str | Path, rows: list[dict], run_id: str, name: str) -> Path:
    """Store one check's rows atomically; a re-executed check of the same run replaces its file."""
    folder = results_dir(warehouse)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{_safe(run_id)}-{_safe(name)}.parquet"
    tmp = folder / f".{target.name}.{os.getpid()}.tmp"
    pl.DataFrame(rows, schema=SCHEMA, orient="row").write_parquet(tmp, compression="zstd")
    os.replace(tmp, target)
    return target


def read_results(warehouse: str | Path) -> pl.DataFrame:
    files = sorted(results_dir(warehouse).glob("*.parquet"))
    if not files:
        return pl.DataFrame(schema=SCHEMA)
    return pl.concat([pl.read_parquet(f) for f in files], how="diagonal_relaxed").select(list(SCHEMA))


def _sql_type(dtype) -> str:
    return "TIMESTAMP" if isinstance(dtype, pl.Datetime) or dtype == pl.Datetime else _SQL_TYPES[dtype]


def load_sql(warehouse: str | Path) -> str:
    """The statement that (re)creates quality_results from every result file (an empty table if none)."""
    columns = ", ".join(f'"{name}" {_sql_type(dtype)}' for name, dtype in SCHEMA.items())
    if not any(results_dir(warehouse).glob("*.parquet")):
        return f"CREATE OR REPLACE TABLE {TABLE} ({columns})"
    glob = str(results_dir(warehouse) / "*.parquet").replace("'", "''")
    select = ", ".join(f'CAST("{name}" AS {_sql_type(dtype)}) AS "{name}"' for name, dtype in SCHEMA.items())
    return (f"CREATE OR REPLACE TABLE {TABLE} AS SELECT {select} FROM read_parquet('{glob}', union_by_name = true) "
            f"ORDER BY evaluated_at, run_id, table_name, check_name, partition, expectation")


def refresh(db_file: str | Path, warehouse: str | Path) -> int:
    """Rebuild quality_results in the DuckDB file in one transaction; return its row count.

    Only for a caller that is the single writer at that moment (`python -m expectations.run`).
    """
    with duckdb.connect(str(db_file)) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(load_sql(warehouse))
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        return con.execute(f"SELECT count(*) FROM {TABLE}").fetchall()[0][0]
