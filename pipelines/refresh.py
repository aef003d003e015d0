"""`python -m pipelines.refresh [--full]` (what `make run` calls): bring the warehouse up to date.

Plans the corpus into batches (baochi.batches), registers new batches as partitions in the Dagster
instance ($DAGSTER_HOME, so runs show in `make ui`), materialises only new or changed batches, then
the corpus-level assets (entities, stories, DuckDB, reports). Nothing changed: nothing is run.
"""

import argparse
import os
import shutil
import sys
import time

import dagster as dg

from assets.partitions import corpus_batches
from baochi.batches import apply_plan, batches_dir, plan_batches
from baochi.storage import delete_partition, part_path
from baochi.warehouse import db_path
from pipelines.definitions import ALL_ASSETS, ALL_CHECKS
from pipelines.jobs import PARTITIONED, UNPARTITIONED
from pipelines.resources import BaochiPaths

QUIET = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


def refresh(paths: BaochiPaths, instance: dg.DagsterInstance, full: bool = False, log=print) -> dict:
    """Run what the corpus needs; return counts: batches, articles extracted, seconds."""
    started = time.perf_counter()
    if full:
        shutil.rmtree(batches_dir(paths.warehouse), ignore_errors=True)
        shutil.rmtree(paths.warehouse / "parquet", ignore_errors=True)
    plan = plan_batches(paths.corpus, paths.warehouse)
    log(f"corpus {paths.corpus}: {plan.summary()}")
    apply_plan(paths.warehouse, plan)
    name = corpus_batches.name
    for key in plan.removed:
        delete_partition(paths.warehouse, key)
        if instance.has_dynamic_partition(name, key):
            instance.delete_dynamic_partition(name, key)
    known = set(instance.get_dynamic_partitions(name))
    instance.add_dynamic_partitions(name, [k for k in sorted(plan.dirty) if k not in known])
    resources = {"paths": paths}
    assets = [*ALL_ASSETS, *ALL_CHECKS]
    extracted = 0
    for key in sorted(plan.dirty):
        result = dg.materialize(assets, selection=PARTITIONED, partition_key=key, instance=instance,
                                resources=resources, run_config=QUIET, tags={"baochi/batch": key})
        if not result.success:
            raise SystemExit(f"batch {key} failed: see the run in `make ui`")
        extracted += _rows(paths, "articles", key)
    if plan.dirty or plan.removed or full or not db_path(paths.warehouse).exists():
        result = dg.materialize(assets, selection=UNPARTITIONED, instance=instance, resources=resources,
                                run_config=QUIET, raise_on_error=False)
        if not result.success:
            raise SystemExit("the warehouse refresh failed (a blocking quality check or a step): see `make ui`")
    summary = {"batches_processed": len(plan.dirty), "batches_unchanged": len(plan.unchanged),
               "batches_removed": len(plan.removed), "articles_extracted": extracted,
               "seconds": round(time.perf_counter() - started, 2)}
    log("refresh: " + ", ".join(f"{k}={v}" for k, v in summary.items()))
    return summary


def _rows(paths: BaochiPaths, table: str, key: str) -> int:
    import polars as pl

    return pl.scan_parquet(part_path(paths.warehouse, table, key)).select(pl.len()).collect().item()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="forget all batches and reprocess everything")
    args = parser.parse_args(argv)
    home = os.environ.get("DAGSTER_HOME")
    instance = dg.DagsterInstance.get() if home else dg.DagsterInstance.ephemeral()
    refresh(BaochiPaths.from_env(), instance, full=args.full)


if __name__ == "__main__":
    main(sys.argv[1:])
