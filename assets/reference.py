"""Reference layer: hand-curated seed CSVs in seeds/ -> Parquet tables of the same name."""


import dagster as dg

from assets.metadata import table_metadata
from baochi.outlets import OutletIndex
from baochi.storage import write_table
from baochi.warehouse import SEEDS_DIR, read_seed
from pipelines.resources import BaochiPaths


@dg.asset(
    group_name="reference",
    kinds={"csv", "parquet"},
    description="Known outlets (outlet_id = web domain), their names and the in-text markers that "
    "identify them; from seeds/outlets.csv.",
    code_version="seeds/outlets.csv",
)
def outlets(paths: BaochiPaths) -> dg.MaterializeResult:
    OutletIndex.from_csv(SEEDS_DIR / "outlets.csv")  # fails loudly on a marker naming two outlets
    df = read_seed("outlets").sort("outlet_id")
    return dg.MaterializeResult(metadata=table_metadata(df, write_table(df, paths.warehouse, "outlets")))
