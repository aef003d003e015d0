"""Find the fact extractors: every module in baochi.facts that defines TABLE and extract/build.

Per-document extractors define `extract(doc) -> rows`; corpus-level builders (entities, stories)
define `INPUTS` (the tables they read) and `build(tables) -> DataFrame`. Discovery means a new fact
table needs its module and nothing else here.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from types import ModuleType

import polars as pl

import baochi.facts as package


@functools.cache
def _modules() -> tuple[ModuleType, ...]:
    """Discovered once per process: every extractor call site asks for the list."""
    found = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        if hasattr(module, "TABLE") and hasattr(module, "SCHEMA"):
            found.append(module)
    return tuple(found)


def document_extractors() -> list[ModuleType]:
    """Modules with `extract(doc)`, in module-name order (they share one Doc, so order is free)."""
    return [m for m in _modules() if hasattr(m, "extract")]


def corpus_builders() -> list[ModuleType]:
    return [m for m in _modules() if hasattr(m, "build")]


def empty_frame(module: ModuleType) -> pl.DataFrame:
    return pl.DataFrame(schema=module.SCHEMA)


def to_frame(module: ModuleType, rows: list[dict]) -> pl.DataFrame:
    """Rows as the module's schema, sorted by its key, so output bytes are deterministic."""
    if not rows:
        return empty_frame(module)
    return pl.DataFrame(rows, schema=module.SCHEMA, orient="row").sort(module.SORT_KEY)
