"""Jobs: one batch of corpus files through ingest and extraction; the corpus-level refresh."""

import dagster as dg

from assets.checks import QUALITY_CHECKS
from assets.facts import DOCUMENT_FACT_TABLES
from assets.ingest import INGEST_TABLES
from assets.partitions import corpus_batches

# Per-batch assets (one partition per batch of corpus files) and the corpus-level rest.
PARTITIONED = dg.AssetSelection.assets(*INGEST_TABLES, *DOCUMENT_FACT_TABLES)
UNPARTITIONED = dg.AssetSelection.all() - PARTITIONED
# A batch in three runs (`make run`, see pipelines.batch_runs): its ingest with the checks that read the
# ingest tables alone, its extraction, then the checks that read the facts. A single batch is two
# runs: ingest and extraction, then all its checks (the ingest checks no longer hold extraction back
# while GX finishes importing; a failed one still forgets the batch before any corpus-level step).
INGEST_ASSETS = dg.AssetSelection.assets(*INGEST_TABLES).without_checks()
INGEST_CHECKS = dg.AssetSelection.checks(
    *(key for check in QUALITY_CHECKS if check.node_def.name == "ingest_quality" for key in check.check_keys))
INGEST = INGEST_ASSETS | INGEST_CHECKS
EXTRACT = dg.AssetSelection.assets(*DOCUMENT_FACT_TABLES).without_checks()
FACT_CHECKS = PARTITIONED - INGEST - EXTRACT

ingest_batch_job = dg.define_asset_job(
    "ingest_batches",
    selection=PARTITIONED,
    description="Ingest one batch of corpus files and extract its facts (one run per partition; "
    "a backfill runs many, across processes or Celery workers).",
)

refresh_job = dg.define_asset_job(
    "refresh_warehouse",
    selection=UNPARTITIONED,
    description="Rebuild the corpus-level tables (entities, stories), reload DuckDB and the reports.",
)

# The three runs of a batch when `make run` splits it (pipelines.batch_runs); listed in the code location
# so that their runs can be re-launched from the UI for one partition.
split_batch_jobs = [
    dg.define_asset_job(f"batch_{step}", selection=selection, partitions_def=corpus_batches,
                        description=f"One batch's {what} (the split runs of `make run`).")
    for step, selection, what in [("ingest", INGEST, "ingest and the checks of its tables"),
                                  ("extract", EXTRACT, "fact extraction"),
                                  ("checks", FACT_CHECKS, "checks of its facts"),
                                  ("ingest_extract", INGEST_ASSETS | EXTRACT, "ingest and fact extraction (a "
                                   "single new batch)"),
                                  ("all_checks", INGEST_CHECKS | FACT_CHECKS, "checks of its ingest tables and "
                                   "facts (a single new batch)")]
]
