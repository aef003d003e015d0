"""Time one suite on a 1M-row table: `python scripts/bench_quality.py [--rows 1000000] [--table mentions]`.

Builds the seed warehouse (or uses --warehouse), replicates the table's real rows under shifted
article ids (`<id>-00001`, ...) together with the matching articles, so that every expectation, the
offset join against articles.text included, does its full work, then prints how long preparing the
frame (DuckDB) and validating it (GX) took. Validation has to stay in seconds, not minutes.
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def seed_warehouse(target: Path) -> Path:
    import dagster as dg

    from pipelines.refresh import refresh
    from pipelines.resources import BaochiPaths

    paths = BaochiPaths(corpus_dir=str(ROOT / "seeds" / "articles"), warehouse_dir=str(target), max_bytes=5 << 20)
    refresh(paths, dg.DagsterInstance.ephemeral(), log=lambda *_: None)
    return target


def replicate(source: Path, target: Path, table: str, rows: int) -> int:
    """Copy the warehouse with `table` and articles blown up to about `rows` rows; return the row count."""
    from baochi.storage import write_table

    base = pl.read_parquet(source / "parquet" / table / "*.parquet")
    copies = math.ceil(rows / base.height)
    suffix = pl.DataFrame({"copy": [f"-{i:05d}" for i in range(copies)]})

    def blow_up(df: pl.DataFrame) -> pl.DataFrame:
        out = df.join(suffix, how="cross").with_columns(pl.col("article_id") + pl.col("copy")).drop("copy")
        if "quote_id" in out.columns:
            out = out.with_columns(pl.col("article_id") + ":" + pl.col("char_start").cast(pl.String))
        if "source_file" in out.columns:
            out = out.with_columns(pl.col("source_file") + pl.col("article_id").str.slice(16))
        return out

    for name in ("entities", "outlets", "stories", "time_refs", "segments"):
        if (source / "parquet" / name).is_dir():
            shutil.copytree(source / "parquet" / name, target / "parquet" / name)
    big = blow_up(base).head(rows)
    write_table(big, target, table)
    write_table(blow_up(pl.read_parquet(source / "parquet" / "articles" / "*.parquet")), target, "articles")
    return big.height


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--table", default="mentions")
    parser.add_argument("--warehouse", help="a built warehouse to replicate (default: build the seeds)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="baochi-bench-quality-") as tmp:
        source = Path(args.warehouse) if args.warehouse else seed_warehouse(Path(tmp) / "seeds")
        target = Path(tmp) / "big"
        n = replicate(source, target, args.table, args.rows)

        from expectations import prepare
        from expectations.validate import Validator, new_context

        started = time.perf_counter()
        context = new_context()  # importing GX and making a context: once per process
        ready = time.perf_counter()
        validator = Validator(target, "bench", "bench", context=context)
        t0 = time.perf_counter()
        frame = prepare.prepare(validator.con, args.table)
        t1 = time.perf_counter()
        validation = validator.validate(args.table, frame=frame)
        t2 = time.perf_counter()
        failed = [r["expectation"] for r in validation.rows if not r["success"]]
        print(f"{args.table}: {n:,} rows, {len(validation.rows)} expectations, failed: {failed or 'none'}")
        print(f"  GX import + context  {ready - started:6.2f} s (once per process)")
        print(f"  prepare (DuckDB)     {t1 - t0:6.2f} s ({frame.shape[1]} columns, offsets joined with articles.text)")
        print(f"  validate (GX)        {t2 - t1:6.2f} s")
        print(f"  total                {t2 - t0:6.2f} s")
        validator.close()


if __name__ == "__main__":
    main()
