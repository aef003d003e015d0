"""Batches through Dagster with both cores busy: extraction here, the rest beside it.

Extraction runs on every core (a process pool in the refresh process). Ingest and the GX checks run
on one, so run one batch after another and a core idles through them. Here each batch is three
Dagster runs: ingest, extraction, and all its checks (of its ingest tables and of its facts).
Extraction runs here; the other two run in the validation process (expectations.service, which
then validates in itself), while this process extracts the batch before or after. The last batch is
checked from here, while the corpus-level tables are built ahead beside it
(baochi.facts.corpus_build); a single batch is two runs here, its ingest with its extraction, then
its checks beside that work. Extraction does not wait for a batch's ingest checks (nor, at the
start, for GX to finish importing); a failed one still forgets the batch. Ingest stays in batch
order, one process, first in first out, so duplicate detection, which reads the batches before,
finds what it finds one batch after another.
"""

from __future__ import annotations

from concurrent.futures import Future, wait

import dagster as dg

from baochi.facts.run import warm_pool
from expectations import service
from pipelines.jobs import ingest_batch_job, split_batch_jobs

QUIET = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
FAILED = {"batch": "a step, or a blocking quality check", "ingest": "ingest", "extract": "extraction",
          "checks": "a blocking ingest or facts check", "ingest_extract": "ingest or extraction"}
_instances: dict = {}
_defs: dict = {}


class BatchFailed(Exception):
    def __init__(self, key: str, step: str):
        super().__init__(f"batch {key} failed ({FAILED[step]}): see the run in `make ui`")
        self.key = key


def _jobs(paths) -> dg.Definitions:
    """One partitioned job per selection (the checks run cannot go through dg.materialize: it has no
    asset to take the partitions from)."""
    from pipelines.definitions import ALL_ASSETS, ALL_CHECKS

    key = (paths.corpus_dir, paths.warehouse_dir, paths.max_bytes)
    if key not in _defs:
        _defs[key] = dg.Definitions(assets=ALL_ASSETS, asset_checks=ALL_CHECKS,
                                    jobs=[ingest_batch_job, *split_batch_jobs], resources={"paths": paths})
    return _defs[key]


def run_step(instance: dg.DagsterInstance, paths, key: str, step: str) -> bool:
    """One Dagster run of one batch: `step` is batch (all of it), ingest, extract, checks or
    ingest_extract."""
    job = _jobs(paths).resolve_job_def(ingest_batch_job.name if step == "batch" else f"batch_{step}")
    tags = {"baochi/batch": key, "baochi/step": step}
    if step == "checks":  # no asset to validate the key against: the partition goes in as the run's tag
        return job.execute_in_process(instance=instance, run_config=QUIET, raise_on_error=False,
                                      tags={**tags, "dagster/partition": key}).success
    return job.execute_in_process(partition_key=key, instance=instance, run_config=QUIET, raise_on_error=False,
                                  tags=tags).success


def _run_elsewhere(ref, paths: dict, key: str, step: str) -> bool:
    """run_step in the validation process (the instance from its ref, made once per process)."""
    from pipelines.resources import BaochiPaths

    home = repr(ref)  # one instance per stored instance (a test process may hold several)
    if home not in _instances:
        _instances[home] = dg.DagsterInstance.from_ref(ref)
    return run_step(_instances[home], BaochiPaths(**paths), key, step)


def run_batches(keys: list[str], paths, instance: dg.DagsterInstance, done=lambda key: None,
                extracted=lambda: None) -> None:
    """Materialise the batches in key order; `done(key)` after each, `extracted()` once the last one is
    extracted (with a stored instance, before its checks run; else after). Raises BatchFailed naming
    the first batch that failed (the later ones may be half done)."""
    if not instance.is_persistent:  # runs that only this process sees: no other process can run them
        for key in keys:
            if not run_step(instance, paths, key, "batch"):
                raise BatchFailed(key, "batch")
            done(key)
        if keys:
            extracted()
        return
    if not keys:
        return
    if len(keys) == 1:  # nothing to overlap with: ingest and extraction in one run, then the checks
        if not run_step(instance, paths, keys[0], "ingest_extract"):
            raise BatchFailed(keys[0], "ingest_extract")
        _check_last(instance, paths, keys[0], {}, done, extracted)
        return
    helper, ref = service.start(), instance.get_ref()
    warm_pool()  # the extraction workers load the model while the first batch is ingested
    fields = {"corpus_dir": paths.corpus_dir, "warehouse_dir": paths.warehouse_dir, "max_bytes": paths.max_bytes}

    def elsewhere(key: str, step: str) -> Future:
        return helper.submit(_run_elsewhere, ref, fields, key, step)

    if not run_step(instance, paths, keys[0], "ingest"):
        raise BatchFailed(keys[0], "ingest")
    ingested, checked = {}, {}
    try:
        for n, key in enumerate(keys):
            if n and not ingested.pop(key).result():
                raise BatchFailed(key, "ingest")
            if n + 1 < len(keys):  # the next batch's ingest goes ahead while this one is extracted
                ingested[keys[n + 1]] = elsewhere(keys[n + 1], "ingest")
            if not run_step(instance, paths, key, "extract"):
                raise BatchFailed(key, "extract")
            if n + 1 < len(keys):
                checked[key] = elsewhere(key, "checks")
            for earlier in [k for k, f in checked.items() if f.done()]:
                _checked(checked.pop(earlier), earlier, done)
        _check_last(instance, paths, keys[-1], checked, done, extracted)
    finally:  # on a failure: cancel what has not started, let what has finish before the caller forgets batches
        pending = [*ingested.values(), *checked.values()]
        for future in pending:
            future.cancel()
        wait(pending)


def _check_last(instance, paths, key: str, checked: dict[str, Future], done, extracted) -> None:
    """The last batch is checked from here (its validation still runs in the validation process)
    while extracted() starts the corpus-level work beside it; the batches being checked there are
    waited for first, so a failure names the earliest failed batch."""
    extracted()
    passed = run_step(instance, paths, key, "checks")
    for earlier, future in checked.items():
        _checked(future, earlier, done)
    if not passed:
        raise BatchFailed(key, "checks")
    done(key)


def _checked(future: Future, key: str, done) -> None:
    if not future.result():
        raise BatchFailed(key, "checks")
    done(key)
