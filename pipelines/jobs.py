"""Jobs: one batch of corpus files through ingest and extraction; the corpus-level refresh."""

import dagster as dg

from assets.facts import DOCUMENT_FACT_TABLES
from assets.ingest import INGEST_TABLES
from assets.partitions import corpus_batches

# Per-batch assets (one partition per batch of corpus files) and the corpus-level rest.
PARTITIONED = dg.AssetSelection.assets(*INGEST_TABLES, *DOCUMENT_FACT_TABLES)
UNPARTITIONED = dg.AssetSelection.all() - PARTITIONED
# A batch in three runs (`make run`, see pipelines.batch_runs): its ingest, its extraction, then all its
# checks (of its ingest tables and of its facts). A single batch is two runs: ingest and extraction,
# then the checks. Extraction does not wait for the ingest checks (nor for GX to finish importing); a
# failed one still forgets the batch, and those after it, before any corpus-level step.
INGEST_ASSETS = dg.AssetSelection.assets(*INGEST_TABLES).without_checks()
EXTRACT = dg.AssetSelection.assets(*DOCUMENT_FACT_TABLES).without_checks()
BATCH_CHECKS = PARTITIONED - INGEST_ASSETS - EXTRACT

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
    for step, selection, what in [("ingest", INGEST_ASSETS, "ingest"),
                                  ("extract", EXTRACT, "fact extraction"),
                                  ("checks", BATCH_CHECKS, "checks of its ingest tables and facts"),
                                  ("ingest_extract", INGEST_ASSETS | EXTRACT, "ingest and fact extraction (a "
                                   "single new batch)")]
]
