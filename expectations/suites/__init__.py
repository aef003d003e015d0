"""One GX suite per contract table, named after the table; `suites.<table>` defines it.

Each module has TABLE, KEY (the columns that identify a row, shown beside unexpected values) and
EXPECTATIONS (a list of kit.Spec). `build_suite(table)` turns them into a GX ExpectationSuite.
"""

from __future__ import annotations

import importlib
from dataclasses import replace

from expectations.suites.kit import Spec

TABLES = ["articles", "segments", "rejects", "mentions", "entities", "quotes", "amounts", "time_refs",
          "citations", "stories"]


def _module(table: str):
    return importlib.import_module(f"expectations.suites.{table}")


def specs(table: str) -> list[Spec]:
    """The suite's expectations, each knowing its table; labels are checked to be unique."""
    found = [replace(s, table=table) for s in _module(table).EXPECTATIONS]
    labels = [s.label for s in found]
    if len(set(labels)) != len(labels):
        raise ValueError(f"suite {table}: two expectations share a label: {sorted(labels)}")
    return found


def key(table: str) -> list[str]:
    return list(_module(table).KEY)


def all_specs() -> list[Spec]:
    return [s for t in TABLES for s in specs(t)]


def build_suite(table: str, selected: list[Spec] | None = None):
    """A GX ExpectationSuite named after the table, from all of its expectations or a selection."""
    import great_expectations as gx

    return gx.ExpectationSuite(name=table, expectations=[s.build() for s in (selected or specs(table))])
