"""GX in a process of its own, started early, so that its import (~2-3 s) overlaps other work.

`make run` (pipelines.refresh) starts it before Dagster's first run; the asset checks send it the
expectations to run and get `quality_results` rows back. Where nothing started it (the UI, a Celery
worker, the tests), the first check starts it, which costs what importing GX in the step would.
The process lives until the one that started it ends or stops it (`make run` stops it when it is done),
so a refresh of many batches imports GX once. With several batches, `make run` also has it run the
batches' ingest and check runs beside extraction (pipelines.batch_runs); checks that run in it
validate in it.
"""

from __future__ import annotations

import multiprocessing as mp
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from expectations.suites.kit import Spec

_pool: ProcessPoolExecutor | None = None
_lock = threading.Lock()
INLINE = False  # True in the validation process itself: its own checks (pipelines.batch_runs) validate in it


def warm() -> None:
    global INLINE
    INLINE = True
    from expectations.validate import shared_context

    shared_context()  # the context every check in this process validates on
    import gc

    if not gc.isenabled():  # forked by `make run` with the collector off for the imports (pipelines.refresh);
        gc.freeze()  # `make run` kills this process at its end, so nothing frozen lives to a teardown
        gc.enable()


def _start_method() -> str:
    """Fork while this process has one thread (`make run` at start-up): the child has every module
    but GX already; spawn otherwise (forking a threaded process is unsafe), which re-imports them."""
    fork = "fork" in mp.get_all_start_methods() and threading.active_count() == 1
    return "fork" if fork else "spawn"


def start() -> ProcessPoolExecutor:
    """The validation process (started now if it is not running)."""
    global _pool
    with _lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(1, mp_context=mp.get_context(_start_method()), initializer=warm)
            _pool.submit(int)  # the process starts (and imports GX) now, not at the first check
        return _pool


def _validate(warehouse: str, run_id: str, check_name: str, partition: str | None,
              jobs: list[tuple[str, list[Spec]]]) -> list[list[dict]]:
    from expectations.validate import Validator

    validator = Validator(warehouse, run_id, check_name=check_name, partition=partition, keep_results=False)
    try:
        return [validator.validate(table, specs).rows for table, specs in jobs]
    finally:
        validator.close()


def validate(warehouse: str | Path, run_id: str, check_name: str, partition: str | None,
             jobs: list[tuple[str, list[Spec]]]) -> list[list[dict]]:
    """Rows of each (table, expectations) job, in order: one DuckDB connection for all of a step's
    checks, on the process's one GX context (setting either up per table costs more than a small
    batch's validation)."""
    if INLINE:
        return _validate(str(warehouse), run_id, check_name, partition, jobs)
    return start().submit(_validate, str(warehouse), run_id, check_name, partition, jobs).result()


def stop() -> None:
    """End the validation process at once (it may still be importing GX), with SIGKILL: a process
    that ran Dagster turns SIGTERM into a KeyboardInterrupt and prints its traceback. `make run`
    calls it when it has nothing to check and when it ends (after a failure, a run the process was
    executing is cut short, as any interrupt would)."""
    global _pool
    with _lock:
        if _pool is not None:
            processes = list((_pool._processes or {}).values())
            _pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.kill()
            _pool = None
