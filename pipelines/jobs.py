"""The job that refreshes everything: ingest, reference tables, then the DuckDB load."""

import dagster as dg

refresh_job = dg.define_asset_job(
    "refresh_warehouse",
    selection=dg.AssetSelection.all(),
    description="Materialise every asset over the corpus folder, then reload DuckDB.",
)
