"""Corpus-level tables (entities, stories): built from the batch tables, and optionally built ahead.

`build_table` is what the corpus-level asset runs: read the builder's inputs whole (and its
per-batch inputs through baochi.facts.batch_cache), then `module.build`.

`start_ahead` builds every corpus-level table in a background thread of the refresh process as
soon as the last batch is extracted, while that batch's checks run (their GX validation in the
validation process); the asset then takes the result (`take_ahead`) instead of building it again.
A result is only taken if no batch table has changed since the thread started (every part's size
and modification time), so a table built ahead is the table the asset would build. No table is
written ahead: the asset still writes its table in its own step, after the checks upstream of it
have passed. `then` (given by `make run`: the DuckDB load up to its commit, baochi.warehouse) runs
next in the same thread; its result is taken with `take_after`, and aborted if nobody takes it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from types import ModuleType
from typing import Any

import polars as pl

from baochi.facts.batch_cache import module_version, per_batch
from baochi.facts.registry import corpus_builders
from baochi.storage import part_stamp, read_table, table_dir

log = logging.getLogger(__name__)


def inputs_of(module: ModuleType) -> list[str]:
    """Every table the builder reads: whole (INPUTS) or per batch (PER_BATCH)."""
    per_batch_inputs = getattr(module, "PER_BATCH", {})
    return sorted({*module.INPUTS, *(t for needed, _ in per_batch_inputs.values() for t in needed)})


def build_table(module: ModuleType, warehouse: str | Path, given: dict[str, pl.DataFrame] | None = None) -> pl.DataFrame:
    """The builder's table from the stored inputs; `given` replaces some of them (a table built ahead)."""
    wanted = getattr(module, "COLUMNS", {})
    inputs = {}
    for name in module.INPUTS:
        if given and name in given:
            inputs[name] = given[name].select(wanted[name]) if name in wanted else given[name]
        else:
            inputs[name] = read_table(warehouse, name, columns=wanted.get(name))
    for name, (needed, function) in getattr(module, "PER_BATCH", {}).items():  # kept per batch under cache/
        inputs[name] = per_batch(warehouse, name, needed, getattr(module, function), wanted, module_version(module))
    return module.build(inputs)


def batch_stamp(warehouse: str | Path) -> tuple:
    """Every part of every batch table the corpus-level builders read: a change to any of them
    makes a table built ahead stale."""
    built = {m.TABLE for m in corpus_builders()}
    tables = sorted({t for m in corpus_builders() for t in inputs_of(m)} - built)
    return tuple((t, p.name, part_stamp(p)) for t in tables for p in sorted(table_dir(warehouse, t).glob("*.parquet")))


def _spent() -> Future:
    """A future whose result was handed over (or is not wanted): it holds nothing any more."""
    future = Future()
    future.cancel()
    return future


class _Ahead:
    """The corpus-level tables of one warehouse, built in order in one thread (stories reads the
    entities built just before it). Once one fails, the ones after it are not built: they would
    read the stored copy of the failed table, from the refresh before."""

    def __init__(self, warehouse: Path, then: Callable[[dict[str, pl.DataFrame]], Any] | None = None):
        self.warehouse, self.stamp = warehouse, batch_stamp(warehouse)
        self.tables: dict[str, Future] = {m.TABLE: Future() for m in corpus_builders()}
        self.then, self.after = then, Future()
        self.cancelled = False
        self.thread = threading.Thread(target=self._run, name="baochi-corpus-ahead", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        built: dict[str, pl.DataFrame] = {}
        for module in corpus_builders():
            future = self.tables[module.TABLE]
            if self.cancelled:
                future.cancel()
                continue
            try:
                built[module.TABLE] = build_table(module, self.warehouse, given=built)
                future.set_result(built[module.TABLE])
            except BaseException as error:  # the asset builds it again (and raises there if it fails again)
                log.warning("building %s ahead failed (%s: %s); its asset builds it", module.TABLE,
                            type(error).__name__, error)
                future.set_exception(error.with_traceback(None))  # keeps no frames (nor their frames' tables)
                self.cancelled = True
        if self.then is None or self.cancelled:
            self.after.cancel()
            return
        try:
            self.after.set_result(self.then(built))
        except BaseException as error:
            log.warning("the work after the tables built ahead failed (%s: %s); its asset does it",
                        type(error).__name__, error)
            self.after.set_exception(error.with_traceback(None))

    def stop(self) -> None:
        """Build nothing more; return once the table being built (if any) is done. What `then`
        made and nobody took is aborted."""
        self.cancelled = True
        self.thread.join()
        if self.after.done() and not self.after.cancelled() and self.after.exception() is None:
            made, self.after = self.after.result(), _spent()
            try:
                made.abort()
            except Exception as error:  # logged, not raised: this runs on the way out of an earlier failure
                log.warning("aborting the work after the tables built ahead failed (%s: %s)", type(error).__name__, error)

    def take_after(self) -> Any:
        """Wait for what `then` made from the tables, and hand it over once (None: nothing)."""
        try:
            result = self.after.result()
        except BaseException:  # cancelled, or failed (logged by the thread)
            return None
        self.after = _spent()
        return result

    def take(self, table: str) -> pl.DataFrame | None:
        """Wait for the table, then hand it over once if no batch table changed meanwhile (else
        stop the thread first, so that the asset never builds beside it)."""
        future = self.tables.pop(table, None)
        if future is None:
            return None
        try:
            df = future.result()
        except BaseException:  # cancelled, or failed (logged by the thread)
            return None
        if batch_stamp(self.warehouse) != self.stamp:
            self.stop()
            return None
        return df


_ahead: dict[Path, _Ahead] = {}
_lock = threading.RLock()


def start_ahead(warehouse: str | Path, then: Callable[[dict[str, pl.DataFrame]], Any] | None = None) -> None:
    """Start building the corpus-level tables from the batch tables as they are now; then, in the
    same thread, `then(tables)` if every one was built (what it returns must have `abort()`: it
    is called if nobody takes the result with take_after)."""
    key = Path(warehouse).resolve()
    with _lock:
        forget_ahead(key)
        _ahead[key] = _Ahead(key, then)


def take_ahead(warehouse: str | Path, table: str) -> pl.DataFrame | None:
    """The table built ahead (waiting for it if it is being built), or None: none was started, it
    or a table before it failed, it was taken already, or a batch table changed since."""
    with _lock:
        ahead = _ahead.get(Path(warehouse).resolve())
    return ahead.take(table) if ahead is not None else None


def take_after(warehouse: str | Path) -> Any:
    """What `then` made from the tables built ahead (waiting for it), or None."""
    with _lock:
        ahead = _ahead.get(Path(warehouse).resolve())
    return ahead.take_after() if ahead is not None else None


def forget_ahead(warehouse: str | Path) -> None:
    """Drop what was built ahead: a table being built is finished first, the ones after it are not
    built (so no thread is left reading the warehouse)."""
    with _lock:
        ahead = _ahead.pop(Path(warehouse).resolve(), None)
    if ahead is not None:
        ahead.stop()
