"""Where tables live under the warehouse root, and atomic Parquet writes.

A reader (DuckDB, a notebook, the next asset) never sees a half-written file: each part is written
to a hidden temporary name in the same folder and renamed over the old one.
"""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl

PART_NAME = "part-00000.parquet"


def table_dir(warehouse: str | Path, table: str) -> Path:
    return Path(warehouse) / "parquet" / table


def parquet_glob(warehouse: str | Path, table: str) -> str:
    return str(table_dir(warehouse, table) / "*.parquet")


def write_table(df: pl.DataFrame, warehouse: str | Path, table: str) -> Path:
    """Replace a table's Parquet dataset with `df`, atomically; return the part's path."""
    folder = table_dir(warehouse, table)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / PART_NAME
    tmp = folder / f".{PART_NAME}.{os.getpid()}.tmp"
    df.write_parquet(tmp, compression="zstd", statistics=True)
    os.replace(tmp, target)
    for stale in folder.glob("*.parquet"):
        if stale != target:
            stale.unlink()
    return target


def read_table(warehouse: str | Path, table: str) -> pl.DataFrame:
    folder = table_dir(warehouse, table)
    if not any(folder.glob("*.parquet")):
        raise FileNotFoundError(f"no Parquet for table {table!r} under {folder}; materialise it first")
    return pl.read_parquet(parquet_glob(warehouse, table))
