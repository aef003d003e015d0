"""Reports layer: the coverage report, rebuilt from the DuckDB views after every warehouse load.

The rendering lives in baochi.report (plain code, testable without Dagster); this asset only decides
where the file goes (the BaochiPaths resource) and what the UI shows beside it.
"""

import dagster as dg

from baochi.report.coverage import write_report
from pipelines.resources import BaochiPaths


@dg.asset(
    name="coverage_report",
    group_name="reports",
    deps=[dg.AssetKey("baochi_duckdb")],
    kinds={"html", "duckdb"},
    automation_condition=dg.AutomationCondition.eager() & dg.AutomationCondition.all_deps_blocking_checks_passed(),
    description="reports/coverage.html: articles per outlet, entities, voices, sources, figures with "
    "disagreements and a story timeline; one self-contained HTML file (inline SVG, no JavaScript).",
)
def coverage_report(context: dg.AssetExecutionContext, paths: BaochiPaths) -> dg.MaterializeResult:
    report = write_report(paths.warehouse)
    context.log.info(f"coverage report: {report.path} ({len(report.html):,} bytes)")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(report.path)),
            "summary": dg.MetadataValue.md(report.markdown),
            **{k: dg.MetadataValue.int(v) for k, v in report.stats.items()},
        }
    )
