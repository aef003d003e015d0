"""Ad-hoc, read-only SQL over the warehouse: `python -m baochi.sql "SELECT ..."` or a small shell.

Read-only so that an analyst's query can never change the warehouse. The `duckdb` Python package
ships no command-line shell, so `python -m baochi.sql` without a query is a minimal REPL: statements
end with `;`, dot-commands (`.tables`, `.schema NAME`, `.csv`, `.help`, `.quit`) list what is there.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Iterable, TextIO

import duckdb

from baochi import config
from baochi.warehouse import db_path

MAX_ROWS = 200  # printed as a table; --csv prints every row
MAX_CELL = 60
HELP = """End SQL statements with ';' (they may span lines). Read-only: the warehouse cannot be changed.
  .tables          tables and views          .schema NAME   columns of a table or view
  .csv             toggle CSV output         .help          this text
  .quit / .exit    leave (or Ctrl-D)
Views: coverage_per_outlet, entity_coverage_by_outlet, voices_by_outlet, sources_by_outlet,
       facts_by_outlet, story_coverage (and articles_by_outlet, one row per article)."""


class WarehouseMissing(SystemExit):
    pass


def database(warehouse: str | Path | None = None) -> Path:
    """The DuckDB file of $BAOCHI_WAREHOUSE (or the given folder); a clear error when it is not built yet."""
    path = db_path(config.resolve(str(warehouse) if warehouse else config.warehouse_dir()))
    if not path.is_file():
        raise WarehouseMissing(f"error: no warehouse database at {path}: run `make run` first "
                               "(or set BAOCHI_WAREHOUSE to the folder that holds baochi.duckdb)")
    return path


def connect(warehouse: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    path = database(warehouse)
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as exc:
        raise SystemExit(f"error: cannot open {path} read-only ({exc}); is `make run` writing it right now?")


def _cell(value) -> str:
    text = "NULL" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    text = text.replace("\r", " ").replace("\n", "⏎")
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def format_table(columns: list[str], rows: list[tuple], more: bool = False) -> str:
    """Rows as an aligned text table (numbers right-aligned), with a row count line."""
    cells = [[_cell(v) for v in row] for row in rows]
    numeric = []
    for i in range(len(columns)):
        present = [r[i] for r in rows if r[i] is not None]
        numeric.append(bool(present) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present))
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    line = lambda vals: " " + " | ".join(  # noqa: E731
        v.rjust(w) if num else v.ljust(w) for v, w, num in zip(vals, widths, numeric)).rstrip()
    out = [line(columns), "-" + "-+-".join("-" * w for w in widths) + "-"]
    out += [line(r) for r in cells]
    n = len(rows)
    out.append(f"({n} row{'s' if n != 1 else ''}{'; more not shown: use --max-rows or --csv' if more else ''})")
    return "\n".join(out)


def run(con: duckdb.DuckDBPyConnection, sql: str, out: TextIO, as_csv: bool = False,
        max_rows: int = MAX_ROWS) -> None:
    """Execute one or more statements; print the last result as a table or CSV."""
    cursor = con.execute(sql)
    if cursor.description is None:
        print("OK", file=out)
        return
    columns = [d[0] for d in cursor.description]
    if as_csv:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        while chunk := cursor.fetchmany(10_000):
            writer.writerows(["" if v is None else v for v in row] for row in chunk)
        return
    rows = cursor.fetchmany(max_rows + 1)
    if len(rows) > max_rows and hasattr(cursor, "abort"):
        cursor.abort()  # duckdb 2: drop the unread rest, or the next statement is refused
    print(format_table(columns, rows[:max_rows], more=len(rows) > max_rows), file=out)


def _dot(con: duckdb.DuckDBPyConnection, command: str, state: dict, out: TextIO) -> bool:
    """Handle a dot-command; False means quit."""
    name, _, arg = command.strip().partition(" ")
    if name in (".quit", ".exit", ".q"):
        return False
    if name == ".help":
        print(HELP, file=out)
    elif name == ".csv":
        state["csv"] = not state["csv"]
        print(f"CSV output {'on' if state['csv'] else 'off'}", file=out)
    elif name == ".tables":
        run(con, "SELECT table_name AS name, lower(table_type) AS kind FROM information_schema.tables "
                 "WHERE table_schema = 'main' ORDER BY kind DESC, name", out, state["csv"])
    elif name == ".schema" and arg.strip():
        ident = '"' + arg.strip().strip(";").replace('"', '""') + '"'
        run(con, f"DESCRIBE {ident}", out, state["csv"])
    else:
        print(f"unknown command {command.strip()!r}; try .help", file=out)
    return True


def _reader(lines: Iterable[str] | None, prompts: bool):
    """next_line(continuing) -> a line, or None at the end; Ctrl-C gives '\x03' (drop the statement)."""
    if lines is not None:
        it = iter(lines)
        return lambda continuing: next(it, None)

    def next_line(continuing: bool) -> str | None:
        try:
            return input(("   ...> " if continuing else "baochi> ") if prompts else "")
        except EOFError:
            return None
        except KeyboardInterrupt:
            print()
            return "\x03"

    return next_line


def shell(con: duckdb.DuckDBPyConnection, lines: Iterable[str] | None = None, out: TextIO = sys.stdout,
          as_csv: bool = False, path: Path | None = None) -> int:
    """A read-eval-print loop: statements end with `;`; returns 1 when any statement failed."""
    interactive = lines is None and sys.stdin.isatty()
    if interactive:
        try:
            import readline  # noqa: F401  (line editing and history when available)
        except ImportError:
            pass
        print(f"baochi SQL (read-only) on {path or 'the warehouse'}\n{HELP}", file=out)
    state, buffer, failed = {"csv": as_csv}, [], 0
    next_line = _reader(lines, interactive)
    while (raw := next_line(bool(buffer))) is not None:
        line = raw.rstrip("\n")
        if line == "\x03":
            buffer = []
            continue
        if not buffer and line.strip().startswith("."):
            if not _dot(con, line, state, out):
                break
            continue
        if line.strip() or buffer:
            buffer.append(line)
        if buffer and "\n".join(buffer).rstrip().endswith(";"):
            statement, buffer = "\n".join(buffer), []
            try:
                run(con, statement, out, state["csv"])
            except duckdb.Error as exc:
                failed = 1
                print(f"Error: {exc}", file=out)
    if buffer and "".join(buffer).strip():
        print("(unfinished statement ignored: end it with ';')", file=out)
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m baochi.sql", description=__doc__.splitlines()[0])
    parser.add_argument("query", nargs="?", help="SQL to run once; without it, an interactive read-only shell")
    parser.add_argument("--csv", action="store_true", help="print CSV (every row) instead of a table")
    parser.add_argument("--max-rows", type=int, default=MAX_ROWS, help=f"rows printed as a table ({MAX_ROWS})")
    parser.add_argument("--warehouse", help="warehouse folder (default: $BAOCHI_WAREHOUSE or warehouse/)")
    args = parser.parse_args(argv)
    try:
        con = connect(args.warehouse)
    except WarehouseMissing as exc:
        print(exc.code, file=sys.stderr)
        return 2
    with con:
        if args.query is None:
            return shell(con, as_csv=args.csv, path=database(args.warehouse))
        try:
            run(con, args.query, sys.stdout, args.csv, args.max_rows)
        except duckdb.Error as exc:
            print(f"Error: {exc}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
