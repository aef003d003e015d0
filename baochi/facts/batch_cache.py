"""Per-batch intermediate frames that a corpus builder keeps between runs (stories' term counts).

A corpus-level table is rebuilt from every batch at each refresh, but part of its work may depend
on one batch alone. That part is kept as `$BAOCHI_WAREHOUSE/cache/<name>/part-<batch>.parquet`, with
the stamps (size, modification time) of the input parts and the builder's source it was made from,
and is recomputed only when one of those changed: adding a batch computes that batch alone. The cache
is not a table of the contract; deleting `cache/` costs time, nothing else.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import polars as pl

from baochi.storage import part_stamp, table_dir, write_atomic


def cache_dir(warehouse: str | Path, name: str) -> Path:
    return Path(warehouse) / "cache" / name


def module_version(module: ModuleType) -> str:
    return hashlib.sha256(Path(module.__file__).read_bytes()).hexdigest()[:16]


def cached_part(warehouse: str | Path, name: str, inputs: list[str], make: Callable[[dict], pl.DataFrame],
                part: str, columns: dict[str, list[str]] | None = None, version: str = "") -> pl.DataFrame:
    """`make` over one part (file name) of `inputs`, from the cache when its stamps still hold."""
    columns = columns or {}
    folder = cache_dir(warehouse, name)
    stamps = {"version": version, **{t: part_stamp(table_dir(warehouse, t) / part) for t in inputs}}
    target, meta = folder / part, folder / f"{part}.json"
    if target.exists() and meta.exists() and json.loads(meta.read_text()) == stamps:
        return pl.read_parquet(target)
    tables = {t: pl.read_parquet(table_dir(warehouse, t) / part, columns=columns.get(t)) for t in inputs}
    df = make(tables)
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(target, lambda tmp: df.write_parquet(tmp, compression="zstd"))
    write_atomic(meta, lambda tmp: tmp.write_text(json.dumps(stamps)))
    return df


def per_batch(warehouse: str | Path, name: str, inputs: list[str], make: Callable[[dict], pl.DataFrame],
              columns: dict[str, list[str]] | None = None, version: str = "") -> pl.DataFrame:
    """`make` over each batch's parts of `inputs` (cached), concatenated in batch order. No batch is
    an error, as reading a missing table is (baochi.storage.read_table): there is nothing to build from."""
    folder = cache_dir(warehouse, name)
    parts = sorted(p.name for p in table_dir(warehouse, inputs[0]).glob("*.parquet"))
    if not parts:
        raise FileNotFoundError(f"no Parquet for table {inputs[0]!r} at {table_dir(warehouse, inputs[0])}; "
                                "materialise it first")
    folder.mkdir(parents=True, exist_ok=True)
    frames = [cached_part(warehouse, name, inputs, make, part, columns, version) for part in parts]
    for stale in folder.glob("*.parquet"):  # batches that are gone
        if stale.name not in parts:
            stale.unlink()
            (folder / f"{stale.name}.json").unlink(missing_ok=True)
    return pl.concat(frames)


def warm_batch(warehouse: str | Path, builders: list[ModuleType], part: str, ready: set[str]) -> None:
    """Make the per-batch parts of the corpus builders whose inputs are all `ready` for this part
    now (the batch's own step does it, beside other work), so the corpus-level step only reads them."""
    for module in builders:
        for name, (needed, function) in getattr(module, "PER_BATCH", {}).items():
            if set(needed) <= ready:
                cached_part(warehouse, name, needed, getattr(module, function), part,
                            getattr(module, "COLUMNS", {}), module_version(module))
