"""`python -m baochi.summary WAREHOUSE`: what the last run produced, as a person reads it."""

from __future__ import annotations

import sys

import duckdb

from baochi.warehouse import db_path


def summary(warehouse: str) -> str:
    path = db_path(warehouse)
    with duckdb.connect(str(path), read_only=True) as con:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1").fetchall()]
        counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        reasons = con.execute("SELECT reason, count(*) FROM rejects GROUP BY 1 ORDER BY 1").fetchall()
    lines = [f"warehouse: {path}"]
    lines += [f"  {t:<12} {n:>9,} rows" for t, n in counts.items()]
    if reasons:
        lines.append("  rejects by reason: " + ", ".join(f"{r} {n}" for r, n in reasons))
    return "\n".join(lines)


if __name__ == "__main__":
    print(summary(sys.argv[1] if len(sys.argv) > 1 else "warehouse"))
