"""Quality checks beside the assets: the GX suites of expectations/ run as Dagster asset checks.

Every table gets `<table>_quality` (error severity, blocking: a failure stops the assets downstream,
the DuckDB load included) and, where its suite has warn expectations, `<table>_plausibility` (warn
severity, not blocking). Where an expectation runs follows from what it reads:
- per batch, beside the batch's assets: everything that reads only the batch's own tables. The
  ingest tables are checked in one step (before extraction in `ingest_batches`; with the facts,
  after it, in `make run`), the five fact tables in one step after it (one DuckDB connection
  per step instead of one per table, on the validation process's one GX context);
- over the whole warehouse, on the corpus-level asset it involves: expectations that read
  `entities` (mentions.entity_id, quotes.speaker_entity_id, citations.source_id exist) run in
  `entities_quality`, those that read `stories` (every article has one) in `stories_quality`, which
  also re-checks the keys that must be unique across batches. A check on `mentions` that waited for
  `entities` would be a cycle, since entities are built from mentions.
Each check writes its rows under quality/results/ (see expectations.results); the DuckDB load turns
them into `quality_results`. GX runs in expectations.service (a process started early by `make run`, else
at the first check), never when Dagster loads this.
"""


import warnings
from collections import defaultdict

import dagster as dg

from assets.facts import DOCUMENT_FACT_TABLES
from assets.ingest import INGEST_TABLES
from assets.partitions import corpus_batches
from baochi.facts.registry import corpus_builders
from expectations import prepare, service
from expectations.results import write_results
from expectations.suites import all_specs
from expectations.suites.kit import Spec
from pipelines.resources import BaochiPaths

BATCH_GROUPS = {"ingest_quality": list(INGEST_TABLES), "facts_quality": list(DOCUMENT_FACT_TABLES)}
CORPUS_TABLES = [m.TABLE for m in corpus_builders()]  # built over every batch: entities, then stories
MAX_FAILURES_SHOWN = 20


def plan() -> dict[tuple[str, str], list[Spec]]:
    """(asset the check is on, "quality" | "plausibility") -> the expectations that check runs."""
    homes: dict[tuple[str, str], list[Spec]] = defaultdict(list)
    for spec in all_specs():
        kind = "quality" if spec.severity == "error" else "plausibility"
        involved = {spec.table, *prepare.needs(spec.table, spec.columns)}
        corpus_home = next((t for t in CORPUS_TABLES if t in involved), None)
        homes[(corpus_home or spec.table, kind)].append(spec)
        if spec.scope == "corpus" and not corpus_home:
            homes[(CORPUS_TABLES[-1], kind)].append(spec)
    return dict(homes)


def _deps(asset: str, specs: list[Spec]) -> list[str]:
    return sorted({t for s in specs for t in {s.table, *prepare.needs(s.table, s.columns)}} - {asset})


def _md(value, limit: int = 160) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def _metadata(rows: list[dict], scope: str, path) -> dict:
    failed = [r for r in rows if not r["success"]]
    meta = {
        "scope": dg.MetadataValue.text(scope),
        "expectations": dg.MetadataValue.int(len(rows)),
        "failed": dg.MetadataValue.int(len(failed)),
        "tables": dg.MetadataValue.text(", ".join(sorted({r["table_name"] for r in rows}))),
        "results": dg.MetadataValue.path(str(path)),
    }
    if failed:
        lines = ["| table | expectation | unexpected | observed | sample (key columns) |", "|---|---|---|---|---|"]
        lines += [f"| {_md(r['table_name'])} | {_md(r['expectation'])} | {_md(r['unexpected_count'])} | "
                  f"{_md(r['observed_value'])} | {_md(r['unexpected_sample'], 300)} |" for r in failed[:MAX_FAILURES_SHOWN]]
        meta["failures"] = dg.MetadataValue.md("\n".join(lines))
        meta["failed_expectations"] = dg.MetadataValue.json([f"{r['table_name']}: {r['expectation']}" for r in failed])
    return meta


def run_checks(context, paths: BaochiPaths, specs_by_key: dict[dg.AssetCheckKey, list[Spec]], step: str):
    """Validate the selected checks' expectations and yield one AssetCheckResult per check."""
    partition = context.partition_key if context.has_partition_key else None
    run_id = context.run.run_id
    keys = sorted(context.selected_asset_check_keys, key=lambda k: k.to_user_string())
    jobs: list[tuple[dg.AssetCheckKey, str, list[Spec]]] = []
    for key in keys:
        by_table: dict[str, list[Spec]] = defaultdict(list)
        for spec in specs_by_key[key]:
            by_table[spec.table].append(spec)
        jobs += [(key, table, specs) for table, specs in by_table.items()]
    found = service.validate(paths.warehouse, run_id, step, partition, [(t, specs) for _, t, specs in jobs])
    for key in keys:
        rows = [row for (job_key, _, _), job_rows in zip(jobs, found) if job_key == key for row in job_rows]
        for row in rows:
            row["check_name"] = key.name
        path = write_results(paths.warehouse, rows, run_id, key.name + (f"-{partition}" if partition else ""))
        blocking = key.name.endswith("_quality")
        scope = f"corpus batch {partition}" if partition else "whole warehouse"
        bad = [f"{r['table_name']}: {r['expectation']} ({r['observed_value']})" for r in rows if not r["success"]]
        log = context.log.debug if not bad else (context.log.error if blocking else context.log.warning)
        log(f"{key.name} ({scope}): {len(rows) - len(bad)}/{len(rows)} expectations met" + "".join(
            f"\n  failed: {b}" for b in bad[:MAX_FAILURES_SHOWN]))
        yield dg.AssetCheckResult(
            asset_key=key.asset_key, check_name=key.name, passed=all(r["success"] for r in rows),
            severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
            metadata=_metadata(rows, scope, path),
        )


def _description(asset: str, kind: str, specs: list[Spec]) -> str:
    what = "error-severity expectations (blocking)" if kind == "quality" else "warn-severity plausibility"
    tables = sorted({s.table for s in specs})
    return f"GX suite(s) {', '.join(tables)}: {len(specs)} {what}."


def _multi_check(name: str, homes: dict, partitioned: bool) -> dg.AssetChecksDefinition:
    """One step validating several tables' checks (each check still shown on its own asset)."""
    with warnings.catch_warnings():  # partitioned asset checks are a Dagster preview feature
        warnings.simplefilter("ignore", dg.PreviewWarning)
        specs = {
            dg.AssetCheckKey(dg.AssetKey(asset), f"{asset}_{kind}"): dg.AssetCheckSpec(
                f"{asset}_{kind}", asset=asset, blocking=kind == "quality", additional_deps=_deps(asset, chosen),
                description=_description(asset, kind, chosen),
                partitions_def=corpus_batches if partitioned else None,
            )
            for (asset, kind), chosen in homes.items()
        }
        specs_by_key = {key: homes[(key.asset_key.path[-1], key.name.rsplit("_", 1)[1])] for key in specs}

        @dg.multi_asset_check(name=name, specs=list(specs.values()), can_subset=True)
        def _check(context: dg.AssetCheckExecutionContext, paths: BaochiPaths):
            yield from run_checks(context, paths, specs_by_key, name)

    return _check


def build_quality_checks() -> list[dg.AssetChecksDefinition]:
    homes = plan()
    checks = []
    for step, tables in BATCH_GROUPS.items():
        group = {k: v for k, v in homes.items() if k[0] in tables and k[1] == "quality"}
        if group:
            checks.append(_multi_check(step, group, partitioned=True))
    batch_warn = {k: v for k, v in homes.items() if k[0] not in CORPUS_TABLES and k[1] == "plausibility"}
    if batch_warn:
        checks.append(_multi_check("plausibility", batch_warn, partitioned=True))
    for table in CORPUS_TABLES:
        for kind in ("quality", "plausibility"):
            if (table, kind) in homes:
                checks.append(_multi_check(f"{table}_{kind}", {(table, kind): homes[(table, kind)]}, False))
    return checks


QUALITY_CHECKS = build_quality_checks()
