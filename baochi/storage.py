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


def part_path(warehouse: str | Path, table: str, partition: str | None = None) -> Path:
    return table_dir(warehouse, table) / (f"part-{partition}.parquet" if partition else PART_NAME)


def write_atomic(target: Path, write) -> None:
    """`write(tmp)` to a hidden temporary file beside `target`, then rename it over `target`."""
    tmp = target.parent / f".{target.name}.{os.getpid()}.tmp"
    write(tmp)
    os.replace(tmp, target)


def part_stamp(path: Path) -> str:
    """Size and modification time of a part ("missing" if absent): a rewritten part gets a new one."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return "missing"
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def write_table(df: pl.DataFrame, warehouse: str | Path, table: str, partition: str | None = None) -> Path:
    """Write a table (or one partition of it) atomically; return the part's path.

    Without a partition the part replaces the whole dataset (other parts are removed).
    """
    target = part_path(warehouse, table, partition)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, lambda tmp: df.write_parquet(tmp, compression="zstd", statistics=True))
    if partition is None:
        for stale in target.parent.glob("*.parquet"):
            if stale != target:
                stale.unlink()
    return target


def delete_partition(warehouse: str | Path, partition: str) -> None:
    """Remove one partition's part from every table."""
    for part in (Path(warehouse) / "parquet").glob(f"*/part-{partition}.parquet"):
        part.unlink()


def read_table(warehouse: str | Path, table: str, partition: str | None = None, columns=None) -> pl.DataFrame:
    folder = table_dir(warehouse, table)
    source = part_path(warehouse, table, partition) if partition else folder / "*.parquet"
    if not any(folder.glob(source.name)):
        raise FileNotFoundError(f"no Parquet for table {table!r} at {source}; materialise it first")
    return pl.read_parquet(source, columns=columns)


def read_other_partitions(warehouse: str | Path, table: str, partition: str, columns=None) -> pl.DataFrame:
    """Every part of a table except one partition's (empty when there are none)."""
    parts = sorted(p for p in table_dir(warehouse, table).glob("*.parquet") if p.name != f"part-{partition}.parquet")
    return pl.concat([pl.read_parquet(p, columns=columns) for p in parts]) if parts else pl.DataFrame()
