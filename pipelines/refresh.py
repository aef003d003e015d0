"""`python -m pipelines.refresh [--full]` (what `make run` calls): bring the warehouse up to date.

Plans the corpus into batches (baochi.batches), registers new batches as partitions in the Dagster
instance ($DAGSTER_HOME, so runs show in `make ui`), materialises only new or changed batches
(pipelines.batch_runs: ingest and checks beside extraction, in two processes), then the
corpus-level assets (entities and stories, built ahead beside the last batch's checks; DuckDB,
reports). Nothing changed: nothing is run.
"""

if __name__ == "__main__":  # `make run`: GX starts importing in a process of its own while Dagster loads here
    import gc

    gc.disable()  # until the imports are done, here and in the validation process (see imports_done)
    from expectations import service as _early_service

    _early_service.start()

import argparse
import hashlib
import json
import logging
import os
import shutil
import sys
import time
from pathlib import Path

import dagster as dg

from assets.partitions import corpus_batches
from baochi.batches import apply_plan, batches_dir, load_manifests, plan_batches
from baochi.facts.corpus_build import forget_ahead, start_ahead
from baochi.facts.run import close_pool
from baochi.storage import delete_partition, part_path, write_atomic
from baochi.warehouse import PendingLoad, db_path
from expectations import service as validation_service
from pipelines.definitions import ALL_ASSETS, ALL_CHECKS, TABLES
from pipelines.batch_runs import QUIET, BatchFailed, run_batches
from pipelines.home import upgrade_instance_yaml
from pipelines.jobs import UNPARTITIONED
from pipelines.resources import BaochiPaths

ROOT = Path(__file__).resolve().parent.parent
# What the stored tables depend on: a change to the extraction code, model or seeds redoes every
# batch; a change to views, assets or checks redoes only the corpus-level steps.
FINGERPRINTS = {
    "extraction": ["baochi/**/*.py", "baochi/ner/*.crfsuite", "baochi/ner/*.json", "seeds/*.csv"],
    "load": ["warehouse/sql/*.sql", "assets/*.py", "pipelines/*.py", "expectations/**/*.py"],
}
# Modules of baochi/ that no stored table is extracted with: the DuckDB load, reports, tools.
NOT_EXTRACTION = ["baochi/warehouse.py", "baochi/facts/batch_cache.py", "baochi/facts/corpus_build.py",
                  "baochi/report/*.py", "baochi/sql.py",
                  "baochi/summary.py", "baochi/bench.py", "baochi/hostile.py", "baochi/batches.py"]


def _corpus_level_modules() -> set[Path]:
    """Corpus-level builders (entities, stories) run on every refresh: they are not extraction."""
    from baochi.facts.registry import corpus_builders

    return {Path(m.__file__).resolve() for m in corpus_builders()}


def fingerprint_files() -> dict[str, list[Path]]:
    """The files each fingerprint covers, relative to the project root."""
    moved = _corpus_level_modules() | {p.resolve() for pattern in NOT_EXTRACTION for p in ROOT.glob(pattern)}
    out = {}
    for name, patterns in FINGERPRINTS.items():
        paths = {p.resolve() for pattern in patterns for p in ROOT.glob(pattern)}
        paths = paths - moved if name == "extraction" else paths | moved
        out[name] = sorted(p.relative_to(ROOT) for p in paths)
    return out


def code_fingerprints() -> dict[str, str]:
    prints = {}
    for name, paths in fingerprint_files().items():
        digest = hashlib.sha256()
        for path in paths:
            digest.update(path.as_posix().encode() + b"\0" + (ROOT / path).read_bytes())
        prints[name] = digest.hexdigest()[:16]
    return prints


def _stored_fingerprints(warehouse: Path) -> dict:
    path = batches_dir(warehouse) / "code.json"
    return json.loads(path.read_text()) if path.exists() else {}


def _write_fingerprints(warehouse: Path, prints: dict) -> None:
    path = batches_dir(warehouse) / "code.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, lambda tmp: tmp.write_text(json.dumps(prints)))


def refresh(paths: BaochiPaths, instance: dg.DagsterInstance, full: bool = False, log=print) -> dict:
    """Run what the corpus needs; return counts: batches, articles extracted, seconds."""
    started = time.perf_counter()
    if not paths.corpus.is_dir():  # checked before --full deletes anything
        raise SystemExit(f"the corpus folder {paths.corpus} does not exist (set BAOCHI_CORPUS)")
    plan = plan_batches(paths.corpus, paths.warehouse)
    if not plan.dirty and not plan.unchanged:  # else every corpus-level step fails on missing tables
        raise SystemExit(f"the corpus folder {paths.corpus} has no files: nothing to build"
                         + (f"; the warehouse keeps its {len(plan.removed)} batch(es)" if plan.removed else ""))
    if full:
        shutil.rmtree(batches_dir(paths.warehouse), ignore_errors=True)
        shutil.rmtree(paths.warehouse / "parquet", ignore_errors=True)
        shutil.rmtree(paths.warehouse / "cache", ignore_errors=True)
        plan = plan_batches(paths.corpus, paths.warehouse)
    prints, stored = code_fingerprints(), _stored_fingerprints(paths.warehouse)
    if stored and stored.get("extraction") != prints["extraction"] and plan.unchanged:
        log("extraction code, model or seeds changed: every batch is redone")
        manifests = load_manifests(paths.warehouse)
        plan.dirty.update({key: manifests[key] for key in plan.unchanged})
        plan.unchanged = []
    log(f"corpus {paths.corpus}: {plan.summary()}")
    load_changed = stored.get("load") != prints["load"]  # None: the last refresh did not finish
    work = bool(plan.dirty or plan.removed or full or load_changed or not db_path(paths.warehouse).exists())
    if work:
        validation_service.start()  # GX imports in its own process while the batches are ingested
        # until the corpus-level run succeeds, the next refresh must redo it even if no batch changes
        _write_fingerprints(paths.warehouse, {"extraction": stored.get("extraction", prints["extraction"]), "load": None})
    else:
        validation_service.stop()  # nothing to check: do not wait for GX to finish importing
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
    keys, extracted, finished = sorted(plan.dirty), 0, set()

    def done(key: str) -> None:
        nonlocal extracted
        finished.add(key)
        extracted += _rows(paths, "articles", key)
        if len(keys) > 1:
            log(f"batch {key} done ({extracted:,} articles so far)")

    def build_ahead() -> None:  # entities and stories are built, then DuckDB loaded, beside the last batch's checks
        close_pool()  # first the extraction workers go, so that memory peaks no higher than before
        start_ahead(paths.warehouse, then=lambda built: PendingLoad(paths.warehouse, TABLES, given=built))

    try:
        try:
            run_batches(keys, paths, instance, done, extracted=build_ahead)
        except BaseException as error:  # forget the failed batch and those after it: the next run plans them again
            forget_ahead(paths.warehouse)  # first: the thread may be reading the parts deleted here
            close_pool()  # the extraction workers (warm since the first batch) are not needed any more
            # a failed run names its batch; anything else (a killed validation process, Ctrl-C) cut
            # short the first batch not yet done
            first = error.key if isinstance(error, BatchFailed) else next((k for k in keys if k not in finished), None)
            for key in keys[keys.index(first):] if first else []:
                delete_partition(paths.warehouse, key)
                (batches_dir(paths.warehouse) / f"{key}.json").unlink(missing_ok=True)
            if isinstance(error, BatchFailed):
                raise SystemExit(str(error)) from None
            raise
        if work:
            result = dg.materialize(assets, selection=UNPARTITIONED, instance=instance, resources=resources,
                                    run_config=QUIET, raise_on_error=False)
            if not result.success:
                raise SystemExit("the warehouse refresh failed (a blocking quality check or a step): see `make ui`")
    finally:  # no thread is left building, and nothing built ahead is kept
        forget_ahead(paths.warehouse)
    _write_fingerprints(paths.warehouse, prints)
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
    if home:
        upgrade_instance_yaml(home)
    instance = dg.DagsterInstance.get() if home else dg.DagsterInstance.ephemeral()
    try:
        refresh(BaochiPaths.from_env(), instance, full=args.full)
    finally:  # end the validation process now: a graceful exit of a process holding GX takes ~0.5 s
        validation_service.stop()
        instance.dispose()


def imports_done() -> None:
    """Start the cyclic garbage collector, which `make run` keeps off while it imports: modules make
    many objects and little garbage, and collecting through their import is ~20% of it (Dagster and
    the rest here: 2.0-2.25 s -> 1.55-1.8 s; GX in the validation process: 2.3-2.8 s -> 1.75-2.05 s).
    What the imports made is frozen (never scanned again), so later collections are cheaper too. The
    collector never frees a frozen object, and at a normal teardown duckdb's bindings report those
    as leaked: a run that fails unfreezes first; one that succeeds ends by os._exit (exit_now)."""
    import gc

    gc.freeze()
    gc.enable()


def exit_now() -> None:
    """End a successful `make run` without the interpreter's teardown, which takes ~0.7 s (freeing
    the NER model and the matcher, stopping native thread pools) after everything is written:
    tables are renamed into place, DuckDB is closed, the Dagster instance disposed."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    imports_done()
    try:
        main(sys.argv[1:])
    except BaseException:  # a normal teardown follows: unfrozen, so duckdb's bindings see their objects freed
        import gc

        gc.unfreeze()
        raise
    exit_now()
