"""The Dagster code location: `dagster dev -m pipelines.definitions` (or `make ui`)."""

import dagster as dg

from assets.checks import QUALITY_CHECKS
from assets.facts import FACT_ASSETS, FACT_TABLES
from assets.ingest import INGEST_TABLES, ingested_corpus
from assets.reference import outlets
from assets.report import coverage_report
from assets.warehouse import build_warehouse_asset
from pipelines.celery import ingest_celery_job
from pipelines.jobs import PARTITIONED, UNPARTITIONED, ingest_batch_job, refresh_job, split_batch_jobs  # noqa: F401
from pipelines.resources import BaochiPaths
from pipelines.schedules import daily_refresh
from pipelines.sensors import build_corpus_sensor

TABLE_ASSETS = [ingested_corpus, outlets, *FACT_ASSETS]
TABLES = [*INGEST_TABLES, "outlets", *FACT_TABLES]
ALL_ASSETS = [*TABLE_ASSETS, build_warehouse_asset(TABLES), coverage_report]
ALL_CHECKS = [*QUALITY_CHECKS]

defs = dg.Definitions(
    assets=ALL_ASSETS,
    asset_checks=ALL_CHECKS,
    jobs=[ingest_batch_job, refresh_job, ingest_celery_job, *split_batch_jobs],
    schedules=[daily_refresh],
    sensors=[build_corpus_sensor()],
    resources={"paths": BaochiPaths.from_env()},
)
