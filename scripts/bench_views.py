"""Time every coverage view on a large warehouse: `SELECT * FROM view`, fully fetched, best of N.

Why: the views are the ad-hoc API and feed the report, so they must answer interactively (budget
100 ms) on >= 20,000 articles. Without --warehouse, a synthetic one is built first
(scripts/synthetic_warehouse.py: the seed warehouse replicated). Exits 1 when a view is over budget.

    python scripts/bench_views.py [--warehouse DIR | --source WAREHOUSE --articles 20000 --keep] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from baochi import config  # noqa: E402
from baochi.warehouse import db_path  # noqa: E402

VIEWS = ["articles_by_outlet", "coverage_per_outlet", "entity_coverage_by_outlet", "voices_by_outlet",
         "sources_by_outlet", "facts_by_outlet", "story_coverage"]
BUDGET_MS = 100.0


def best_ms(con: duckdb.DuckDBPyConnection, query: str, repeat: int, fetch: str) -> tuple[float, int]:
    """Best wall time of `repeat` runs and the row count; fetch = 'arrow' (columnar) or 'python' (tuples)."""
    times, n = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        n = (con.sql(query).to_arrow_table().num_rows if fetch == "arrow"  # duckdb 2: relation -> Arrow
             else len(con.execute(query).fetchall()))
        times.append((time.perf_counter() - start) * 1000)
    return min(times), n


def bench(warehouse: Path, repeat: int = 5) -> list[dict]:
    with duckdb.connect(str(db_path(warehouse)), read_only=True) as con:
        n_articles = con.sql("SELECT count(*) FROM articles").fetchall()[0][0]
        results = []
        for view in VIEWS:
            ms, rows = best_ms(con, f"SELECT * FROM {view}", repeat, "arrow")
            py_ms, _ = best_ms(con, f"SELECT * FROM {view}", repeat, "python")
            results.append({"view": view, "rows": rows, "ms": ms, "python_ms": py_ms, "articles": n_articles})
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", help="an already built (large) warehouse; default: build a synthetic one")
    parser.add_argument("--source", default=config.warehouse_dir(), help="warehouse to replicate ($BAOCHI_WAREHOUSE)")
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the synthetic warehouse (default: delete it)")
    args = parser.parse_args(argv)
    if args.warehouse:
        warehouse = config.resolve(args.warehouse)
    else:
        from scripts.synthetic_warehouse import build

        warehouse = Path(tempfile.mkdtemp(prefix="baochi-bench-"))
        started = time.perf_counter()
        build(config.resolve(args.source), warehouse, args.articles)
        print(f"synthetic warehouse built in {time.perf_counter() - started:.1f}s: {warehouse}")
    try:
        results = bench(warehouse, args.repeat)
    finally:
        if not args.warehouse and not args.keep:
            shutil.rmtree(warehouse, ignore_errors=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{results[0]['articles']:,} articles; best of {args.repeat}, SELECT * fully fetched "
          f"(Arrow; Python tuples for comparison); budget {BUDGET_MS:.0f} ms; "
          f"{os.cpu_count()} CPUs, load average {load}")
    print(f"  {'view':<28} {'rows':>9} {'ms':>8} {'py ms':>8}")
    for r in results:
        flag = "" if r["ms"] < BUDGET_MS else "  OVER BUDGET"
        print(f"  {r['view']:<28} {r['rows']:>9,} {r['ms']:>8.1f} {r['python_ms']:>8.1f}{flag}")
    return 0 if all(r["ms"] < BUDGET_MS for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
