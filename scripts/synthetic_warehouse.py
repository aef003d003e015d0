"""A large warehouse without the slow extraction: the seed warehouse's tables replicated N times.

Why: the coverage views must stay interactive (< 100 ms) on >= 20,000 articles, and extracting that
many articles takes minutes. Each copy k gets new ids (`<article_id>-k00042`, `<story_id>-k00042`),
outlets cycled through seeds/outlets.csv (10% of articles without an outlet, so '(unknown)' stays),
dates shifted by k days so stories spread over a year. Entities and outlets are shared as they are.

    python scripts/synthetic_warehouse.py [--source WAREHOUSE] [--out DIR] [--articles 20000]
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from baochi import config  # noqa: E402
from baochi.storage import read_table, table_dir, write_table  # noqa: E402
from baochi.warehouse import SEEDS_DIR, load_warehouse, read_seed  # noqa: E402

SHARED = {"entities", "outlets", "rejects"}  # not per article: copied once
DATE_COLUMNS = ("published_date", "story_date", "date")


def tables_of(warehouse: Path) -> list[str]:
    return sorted(p.name for p in (warehouse / "parquet").iterdir() if p.is_dir() and any(p.glob("*.parquet")))


def replicate(df: pl.DataFrame, copies: int, outlet_ids: list[str], n_base: int, order: dict[str, int]) -> pl.DataFrame:
    """`copies` copies of a per-article table with suffixed ids, cycled outlets and shifted dates."""
    k = pl.DataFrame({"_k": pl.arange(0, copies, eager=True).cast(pl.Int64)})
    out = df.join(k, how="cross")
    suffix = pl.format("-k{}", pl.col("_k").cast(pl.String).str.zfill(5))
    exprs = [pl.concat_str([pl.col(c), suffix]).alias(c) for c in ("article_id", "story_id") if c in df.columns]
    if "outlet_id" in df.columns:  # article i of copy k -> outlet number (i + k * n_base) mod n
        idx = pl.col("article_id").replace_strict(order, return_dtype=pl.Int64) + pl.col("_k") * n_base
        unknown = (pl.col("_k") % 10) == (idx - pl.col("_k") * n_base) % 10  # 10% of articles, each seed in turn
        exprs.append(pl.when(unknown).then(None)
                     .otherwise(pl.lit(pl.Series(outlet_ids)).gather(idx % len(outlet_ids)))
                     .alias("outlet_id"))
    exprs += [(pl.col(c) + pl.duration(days=pl.col("_k") % 365)).alias(c) for c in DATE_COLUMNS if c in df.columns]
    return out.with_columns(exprs).drop("_k")


def build(source: Path, out: Path, n_articles: int = 20_000) -> dict[str, int]:
    """Write the replicated Parquet under `out` and load it into `out`/baochi.duckdb; return row counts."""
    tables = tables_of(source)
    articles = read_table(source, "articles")
    copies = math.ceil(n_articles / articles.height)
    order = {a: i for i, a in enumerate(articles["article_id"].to_list())}
    outlet_ids = read_seed("outlets", SEEDS_DIR)["outlet_id"].to_list()
    for table in tables:
        df = read_table(source, table)
        if table not in SHARED and "article_id" in df.columns:
            df = replicate(df, copies, outlet_ids, articles.height, order)
        if table_dir(out, table).exists():
            for old in table_dir(out, table).glob("*.parquet"):
                old.unlink()
        write_table(df, out, table)
    return load_warehouse(out, tables)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=config.warehouse_dir(), help="a built warehouse (default: $BAOCHI_WAREHOUSE)")
    parser.add_argument("--out", help="where to write (default: a new temporary folder)")
    parser.add_argument("--articles", type=int, default=20_000)
    args = parser.parse_args(argv)
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="baochi-synthetic-"))
    counts = build(config.resolve(args.source), out, args.articles)
    print(f"synthetic warehouse: {out}")
    for table, n in counts.items():
        print(f"  {table:<12} {n:>10,} rows")


if __name__ == "__main__":
    main()
