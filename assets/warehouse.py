"""Warehouse layer: one step loads every Parquet table into DuckDB (DuckDB has one writer)."""


import dagster as dg

from baochi.facts.corpus_build import take_after
from baochi.warehouse import db_path, load_warehouse
from pipelines.resources import BaochiPaths


def build_warehouse_asset(tables: list[str]) -> dg.AssetsDefinition:
    """The DuckDB load, depending on every table asset so that it runs after all of them."""

    @dg.asset(
        name="baochi_duckdb",
        group_name="warehouse",
        deps=tables,
        kinds={"duckdb", "sql"},
        automation_condition=dg.AutomationCondition.eager() & dg.AutomationCondition.all_deps_blocking_checks_passed(),
        description="baochi.duckdb: every table loaded from its Parquet in one transaction, "
        "then the analytics views from warehouse/sql/*.sql.",
    )
    def baochi_duckdb(context: dg.AssetExecutionContext, paths: BaochiPaths) -> dg.MaterializeResult:
        pending = take_after(paths.warehouse)  # loaded beside the checks of the last batch and of the corpus (`make run`)
        if pending is not None and pending.tables != tables:
            pending.abort()
            pending = None
        if pending is None:
            counts = load_warehouse(paths.warehouse, tables)
        else:
            counts = pending.commit()
            context.log.debug("duckdb: loaded ahead, committed now that the checks upstream passed")
        context.log.info("duckdb: " + ", ".join(f"{t}={n:,}" for t, n in counts.items()))
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(db_path(paths.warehouse))),
                **{f"rows/{t}": dg.MetadataValue.int(n) for t, n in counts.items()},
            }
        )

    return baochi_duckdb
