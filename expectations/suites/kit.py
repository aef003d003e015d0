"""The vocabulary the suites are written in: GX Core 1.x expectations, built lazily.

`gxe.ExpectColumnValuesToBeInSet(column=..., value_set=...)` takes the same class names and
arguments as `great_expectations.expectations`, but only records them: importing GX costs ~5 s, and
Dagster imports the code location (and so the list of checks) in every step process. The real GX
objects are built by `Spec.build()` when a validation runs. `warn(...)` marks an expectation whose
failure is shown but does not block the pipeline (GX severity `warning`); everything else is `critical`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

SEGMENT_KINDS = ["title", "lead", "body", "heading", "caption", "related", "footer"]
ENTITY_TYPES = ["PERSON", "ORGANIZATION", "LOCATION", "MEDIA"]


@dataclass(frozen=True, eq=False)
class Spec:
    """One expectation as data: GX class name, its arguments, and where it can run."""

    type_name: str
    kwargs: dict
    table: str = ""  # filled in by the suite registry
    scope: str = "batch"  # "corpus": also checked over all batches at once (keys unique across batches)
    why: str = ""

    @property
    def severity(self) -> str:
        return "warn" if self.kwargs.get("severity") == "warning" else "error"

    @property
    def columns(self) -> list[str]:
        kw = self.kwargs
        cols = [kw.get("column"), kw.get("column_A"), kw.get("column_B"), *kw.get("column_list", [])]
        return [c for c in cols if c]

    @property
    def expectation_type(self) -> str:
        return re.sub(r"(?<!^)(?=[A-Z])", "_", self.type_name).lower()

    @property
    def label(self) -> str:
        """Stable, readable name: `expect_column_values_to_be_in_set(kind)`; unique within a suite."""
        columns = ", ".join(self.columns)
        return f"{self.expectation_type}({columns})" if columns else self.expectation_type

    def build(self):
        import great_expectations as gx

        meta = {"label": self.label, "table": self.table, "scope": self.scope, **({"why": self.why} if self.why else {})}
        return getattr(gx.expectations, self.type_name)(**self.kwargs, meta=meta)


class _Expectations:
    """Stand-in for `great_expectations.expectations`: attribute = class name, call = Spec."""

    def __getattr__(self, name: str):
        if not name.startswith("Expect"):
            raise AttributeError(name)
        return lambda why="", scope="batch", **kwargs: Spec(name, kwargs, scope=scope, why=why)


gxe = _Expectations()


def warn(spec: Spec) -> Spec:
    """Shown, not blocking: plausibility of real news rather than a broken contract."""
    return replace(spec, kwargs={**spec.kwargs, "severity": "warning"})


def corpus(spec: Spec) -> Spec:
    """Checked over the whole warehouse, not per batch (a key that must be unique across batches)."""
    return replace(spec, scope="corpus")


def not_null(*columns: str) -> list[Spec]:
    return [gxe.ExpectColumnValuesToNotBeNull(column=c, why="required by the contract") for c in columns]


def has_columns(*columns: str) -> Spec:
    return gxe.ExpectTableColumnsToMatchSet(column_set=list(columns), exact_match=False,
                                            why="the contract's columns are all there")


def unique(*columns: str) -> Spec:
    if len(columns) == 1:
        return gxe.ExpectColumnValuesToBeUnique(column=columns[0], why="the table's key")
    return gxe.ExpectCompoundColumnsToBeUnique(column_list=list(columns), why="the table's key")


def in_set(column: str, values, why: str = "an enumeration of the contract") -> Spec:
    return gxe.ExpectColumnValuesToBeInSet(column=column, value_set=sorted(values), why=why)


def is_true(column: str, why: str) -> Spec:
    """A boolean column computed in expectations.prepare (never null there) must be true on every row."""
    return gxe.ExpectColumnValuesToBeInSet(column=column, value_set=[True], why=why)


def at_least(column: str, minimum: float, strict: bool = False, why: str = "") -> Spec:
    return gxe.ExpectColumnValuesToBeBetween(column=column, min_value=minimum, strict_min=strict, why=why)


def span_offsets() -> list[Spec]:
    """Half-open code-point offsets into articles.text that reproduce the stored surface."""
    return [
        at_least("char_start", 0, why="offsets are code points from the start of articles.text"),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="char_end", column_B="char_start", or_equal=False,
                                                    ignore_row_if="either_value_is_missing",
                                                    why="a span is not empty"),
        is_true("offset_ok", why="substr(articles.text, char_start + 1, char_end - char_start) = surface"),
        is_true("article_ok", why="the article the row points at exists"),
    ]
