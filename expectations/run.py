"""`python -m expectations.run` (`make quality`): validate the Parquet already in the warehouse.

Runs every table's suite over the whole warehouse, stores the rows as a result Parquet per table,
rebuilds `quality_results` in baochi.duckdb (run outside the pipeline, this command is the single
writer), rebuilds the Data Docs at reports/quality/index.html, prints one line per table and exits
1 when an error-severity expectation failed (2 when the warehouse cannot be validated at all).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
import uuid
from pathlib import Path

from baochi import config
from baochi.warehouse import db_path
from expectations import results
from expectations.prepare import MissingTable
from expectations.suites import TABLES


def new_run_id() -> str:
    return f"cli-{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"


def run(warehouse: str | Path, tables: list[str] | None = None, report: bool = True, out=print) -> int:
    """Validate, store, load, report; return the exit status (0 ok, 1 error-severity failures)."""
    from expectations.report import build_report
    from expectations.validate import Validator

    warehouse = Path(warehouse)
    run_id, started = new_run_id(), time.perf_counter()
    validator = Validator(warehouse, run_id, check_name="cli")
    validations = []
    try:
        for table in tables or TABLES:
            validation = validator.validate(table)
            results.write_results(warehouse, validation.rows, run_id, table)
            validations.append(validation)
            err, wrn = validation.failed("error"), validation.failed("warn")
            out(f"{table:<10} {len(validation.rows):>3} expectations  {len(err):>2} failed (error)  "
                f"{len(wrn):>2} failed (warn)" + "".join(f"\n    {r['severity']}: {r['expectation']}: "
                                                          f"{r['observed_value']} {r['unexpected_sample'] or ''}".rstrip()
                                                          for r in err + wrn))
    finally:
        validator.close()
    try:
        n = results.refresh(db_path(warehouse), warehouse)
        out(f"quality_results: {n:,} rows in {db_path(warehouse)}")
    except Exception as err:  # a running pipeline or UI holds the database: the Parquet rows are kept
        out(f"quality_results not refreshed ({type(err).__name__}: {err}); the next DuckDB load picks the rows up")
    if report:
        index = build_report(validator.context, warehouse, validations, results.read_results(warehouse), run_id)
        out(f"report: {index}")
    failed = sum(len(v.failed("error")) for v in validations)
    out(f"quality: {'FAILED' if failed else 'ok'}: {failed} error-severity expectation(s) failed "
        f"({time.perf_counter() - started:.1f} s, run {run_id})")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", default=config.warehouse_dir(), help="default: $BAOCHI_WAREHOUSE or warehouse/")
    parser.add_argument("--table", action="append", choices=TABLES, help="only this table (repeatable)")
    parser.add_argument("--no-report", action="store_true", help="skip the Data Docs")
    args = parser.parse_args(argv)
    try:
        return run(config.resolve(args.warehouse), args.table, report=not args.no_report)
    except MissingTable as err:
        print(f"quality: cannot validate: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
