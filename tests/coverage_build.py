"""Build a warehouse for the coverage tests, the way `make run` does, with the coverage report asset.

`make run` refreshes through pipelines.refresh (corpus batches as partitions); an older pipeline
without it is materialised in one go. The report asset is materialised too until it is in ALL_ASSETS.
"""

from pathlib import Path

import dagster as dg

from assets.report import coverage_report
from pipelines.definitions import ALL_ASSETS
from pipelines.resources import BaochiPaths


def build_warehouse(corpus: Path, warehouse: Path) -> tuple[BaochiPaths, dg.DagsterInstance]:
    paths = BaochiPaths(corpus_dir=str(corpus), warehouse_dir=str(warehouse), max_bytes=5 * 1024 * 1024)
    instance = dg.DagsterInstance.ephemeral()
    try:
        from pipelines.refresh import refresh
    except ImportError:  # the pipeline before corpus batches
        assert dg.materialize(ALL_ASSETS, resources={"paths": paths}, instance=instance).success
    else:
        refresh(paths, instance, log=lambda *_: None)
    if not any(a is coverage_report for a in ALL_ASSETS):
        assert dg.materialize([coverage_report], resources={"paths": paths}, instance=instance).success
    return paths, instance
