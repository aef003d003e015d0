"""Run suites with GX Core 1.x over the prepared frames and flatten the results into rows.

Nothing of GX is stored on disk but the Data Docs. The rows are what `quality_results` holds. Two
ways to run a suite, one per caller:
- `make quality` builds Data Docs from the results its context stores: one ephemeral context per
  run, a pandas datasource with a dataframe asset per table, one ValidationDefinition per suite;
- the asset checks keep only the rows: `Batch.validate` on one context per process, whose
  datasource gets a dataframe asset per table once. Nothing is added to the context's stores nor
  stored per validation: adding a suite, an asset and a ValidationDefinition, saving the project
  config each time, and storing the serialised result were ~20% of a small batch's GX time.
Neither computes GX's batch fingerprint (see `new_context`).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import threading
from dataclasses import dataclass, field
from pathlib import Path

from expectations import gx_ids, prepare
from expectations.gx_memo import memoised
from expectations.suites import build_suite, key, specs
from expectations.suites.kit import Spec

RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": 10}
SAMPLE = 5  # unexpected values kept per expectation in quality_results and check metadata
_SEVERITY = {"critical": "error", "warning": "warn", "info": "warn"}
_NEEDS_ROWS = {"ExpectColumnMeanToBeBetween"}  # a share of nothing is undefined, not a failure


@dataclass
class TableValidation:
    """One suite (or a selection of it) run over one table."""

    table: str
    rows: list[dict]
    result: object = field(repr=False)  # great_expectations ExpectationSuiteValidationResult

    def failed(self, severity: str) -> list[dict]:
        return [r for r in self.rows if not r["success"] and r["severity"] == severity]


def new_context():
    """An ephemeral GX context: in-memory stores, no default docs site, no progress bars or analytics.

    GX also fingerprints every frame under 1 GB it validates (an md5 over pandas' hash of every row)
    into the result's batch markers; that was ~13% of validating a large table, and no row of ours
    holds it (the Data Docs' batch markers just lack that line), so the threshold is set to 0 (a
    module constant: every context of the process).
    """
    from expectations.gx_import import import_gx

    gx = import_gx()
    from great_expectations.execution_engine import pandas_execution_engine

    pandas_execution_engine.HASH_THRESHOLD = 0
    gx_ids.install()
    from great_expectations.data_context.types.base import (
        DataContextConfig, InMemoryStoreBackendDefaults, ProgressBarsConfig,
    )

    config = DataContextConfig(store_backend_defaults=InMemoryStoreBackendDefaults(), analytics_enabled=False,
                               progress_bars=ProgressBarsConfig(globally=False))
    return gx.get_context(project_config=config, mode="ephemeral")


def _plain(value):
    """JSON-friendly Python values from numpy/pandas scalars."""
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _observed(result: dict) -> str | None:
    if "observed_value" in result:
        value = _plain(result["observed_value"])
        return f"{value:.6g}" if isinstance(value, float) else json.dumps(value, ensure_ascii=False, default=str)
    if result.get("unexpected_percent") is not None:
        return f"{result['unexpected_percent']:.4g}% unexpected"
    return None


def _sample(result: dict) -> list:
    for name in ("partial_unexpected_index_list", "partial_unexpected_list"):
        if result.get(name):
            return _plain(result[name][:SAMPLE])
    details = result.get("details") or {}
    return _plain(details.get("mismatched") or [])[:SAMPLE] if isinstance(details.get("mismatched"), list) else (
        [_plain(details["mismatched"])] if details.get("mismatched") else [])


def _sample_json(result: dict) -> str | None:
    sample = _sample(result)
    return json.dumps(sample, ensure_ascii=False, default=str) if sample else None


def result_rows(gx_result, run_id: str, evaluated_at: dt.datetime, check_name: str, partition: str | None,
                n_rows: int) -> list[dict]:
    """quality_results rows from a GX ExpectationSuiteValidationResult, in suite order."""
    rows = []
    for r in gx_result.results:
        config, result = r.expectation_config, r.result or {}
        meta = config.meta or {}
        raised = bool((r.exception_info or {}).get("raised_exception"))
        observed = ("exception: " + str(r.exception_info.get("exception_message"))[:300]) if raised else _observed(result)
        rows.append({
            "run_id": run_id, "table_name": meta.get("table"), "expectation": meta.get("label"),
            "severity": _SEVERITY.get(str(getattr(config.severity, "value", config.severity)), "error"),
            "success": bool(r.success) and not raised,
            "unexpected_count": _plain(result.get("unexpected_count")),
            "observed_value": observed,
            "evaluated_at": evaluated_at,
            "element_count": _plain(result.get("element_count", n_rows)),
            "unexpected_sample": _sample_json(result) if not r.success else None,
            "expectation_type": config.type, "check_name": check_name, "partition": partition,
            "why": meta.get("why"),
        })
    return rows


_shared: dict[str, object] = {}  # the process's context for the checks, its datasource, batch definitions
_shared_lock = threading.RLock()  # held through a validation on it, see _validate_shared


def shared_context():
    """The context of this process's validations that keep no results (made once)."""
    with _shared_lock:
        if "context" not in _shared:
            _shared["context"] = new_context()
        return _shared["context"]


def _validate_shared(table: str, suite, frame, result_format: dict):
    """`Batch.validate` on the shared context, one validation at a time per process: its one
    execution engine holds each table's frame under one batch id, and caches the metrics it
    computes. Both are emptied after each validation: a later one must not find a metric computed
    on an earlier frame (GX looks there for dependencies it did not compute), nor keep a
    whole-warehouse frame alive while the process idles."""
    with _shared_lock:
        context = shared_context()
        if "source" not in _shared:
            _shared["source"] = context.data_sources.add_pandas(name="baochi_checks")
        source, definitions = _shared["source"], _shared.setdefault("definitions", {})
        if table not in definitions:
            definitions[table] = source.add_dataframe_asset(name=table).add_batch_definition_whole_dataframe(table)
        try:
            batch = definitions[table].get_batch(batch_parameters={"dataframe": frame})
            return batch.validate(suite, result_format=result_format)
        finally:
            engine = source.get_execution_engine()
            engine._metric_cache.clear()
            engine.batch_manager.reset_batch_cache()


class Validator:
    """Validates tables of one warehouse (or one batch of it) within one GX context and run.

    keep_results: each result is stored in the context (for Data Docs; `make quality`): a new one,
    or the one given. Without it (the asset checks), the process's shared context is used and
    nothing is stored (see the module's docstring); the rows are the same.
    """

    def __init__(self, warehouse: str | Path, run_id: str, check_name: str, partition: str | None = None,
                 context=None, keep_results: bool = True):
        from great_expectations.core.run_identifier import RunIdentifier

        self.warehouse, self.check_name, self.partition = Path(warehouse), check_name, partition
        self.run_id, self.keep_results = run_id, keep_results
        self.evaluated_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        self.gx_run_id = RunIdentifier(run_name=run_id, run_time=self.evaluated_at.replace(tzinfo=dt.timezone.utc))
        if context is not None and not keep_results:
            raise ValueError("a Validator that keeps no results uses the process's shared context")
        self.context = context or (new_context() if keep_results else shared_context())
        self.con = prepare.connect(warehouse, partition)
        self._datasource = None
        self._used: dict[str, int] = {}

    def validate(self, table: str, selected: list[Spec] | None = None, frame=None) -> TableValidation:
        """Run the table's suite (or the selected expectations of it) on its prepared frame."""
        chosen = selected or specs(table)
        if frame is None:
            columns = {c for s in chosen for c in s.columns}
            # Column expectations need only their columns (and the key, to name bad rows); a
            # table-level one (the contract's column set) needs them all.
            whole = any(s.type_name.startswith("ExpectTable") for s in chosen)
            only = None if whole else [*key(table), *sorted(columns - set(key(table)))]
            frame = prepare.prepare(self.con, table, columns, only)
        if frame.empty:  # e.g. a batch without quotes: its share of quotes with a speaker is not checked
            chosen = [s for s in chosen if s.type_name not in _NEEDS_ROWS]
            if not chosen:
                return TableValidation(table, [], None)
        index = [c for c in key(table) if c in frame.columns]
        result_format = {**RESULT_FORMAT, "unexpected_index_column_names": index}
        suite = build_suite(table, chosen)
        if self.keep_results:
            result = self._run_stored(table, suite, frame, result_format)
        else:
            with memoised():
                result = _validate_shared(table, suite, frame, result_format)
        rows = result_rows(result, self.run_id, self.evaluated_at, self.check_name, self.partition, len(frame))
        return TableValidation(table, rows, result)

    def _run_stored(self, table: str, suite, frame, result_format: dict):
        """Through a ValidationDefinition, which stores the result in the context."""
        import great_expectations as gx

        if self._datasource is None:
            self._datasource = self.context.data_sources.add_pandas(name="baochi")
        self._used[table] = self._used.get(table, 0) + 1  # names are unique within a GX context
        name = table if self._used[table] == 1 else f"{table}#{self._used[table]}"
        batch = self._datasource.add_dataframe_asset(name=name).add_batch_definition_whole_dataframe(name)
        suite.name = name
        suite = self.context.suites.add(suite)
        definition = self.context.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))
        with memoised():
            return definition.run(batch_parameters={"dataframe": frame}, run_id=self.gx_run_id, result_format=result_format)

    def close(self) -> None:
        self.con.close()
