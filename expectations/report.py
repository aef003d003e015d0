"""The quality report: GX Data Docs under `$BAOCHI_WAREHOUSE/reports/quality/`, readable offline.

GX renders the pages, but they load Bootstrap, jQuery and Font Awesome from CDNs, its index page is
drawn by JavaScript from those CDNs (blank offline), and it pastes unexpected values into the HTML
unescaped (a `<script>` in an article would run). So: values are HTML-escaped in the stored results
before rendering; every page then loses its remote scripts and styles and gets a small local
stylesheet; and `index.html` is written here as static HTML (summary per table, failures, recent
history) linking the GX validation and suite pages. The site is built in a temporary folder and
swapped in, under a lock, so a reader never sees half a report.
"""

from __future__ import annotations

import fcntl
import html
import os
import re
import shutil
from pathlib import Path

import polars as pl

from expectations.validate import TableValidation

SITE = "quality"
_REMOTE = re.compile(r'<(?:script|link)\b[^>]*(?:src|href)="https?://[^"]*"[^>]*>(?:\s*</script>)?', re.I)
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>|<footer>.*?</footer>", re.I | re.S)  # footer: GX newsletter
_LOGO = re.compile(r'src="https://great-expectations-web-assets[^"]*?/([\w.-]+\.(?:png|svg))[^"]*"')
_CSS = (Path(__file__).with_name("offline.css")).read_text(encoding="utf-8")


def report_dir(warehouse: str | Path) -> Path:
    return Path(warehouse) / "reports" / SITE


def _escape_values(value):
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, dict):
        return {k: _escape_values(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_escape_values(v) for v in value]
    return value


def _escape_stored_results(context) -> None:
    """Escape every value taken from the data before GX pastes it into HTML."""
    store = context.validation_results_store
    for key in store.list_keys():
        suite_result = store.get(key)
        for r in suite_result.results:
            r.result = _escape_values(r.result or {})
            if r.exception_info:
                r.exception_info = _escape_values(dict(r.exception_info))
        store.set(key, suite_result)


def _make_offline(site: Path) -> None:
    """Drop remote scripts/styles, inline scripts (they need jQuery) and the GX newsletter footer."""
    (site / "static" / "styles").mkdir(parents=True, exist_ok=True)
    (site / "static" / "styles" / "offline.css").write_text(_CSS, encoding="utf-8")
    for page in site.rglob("*.html"):
        up = "../" * (len(page.relative_to(site).parts) - 1)
        text = _SCRIPT.sub("", _REMOTE.sub("", page.read_text(encoding="utf-8")))
        text = _LOGO.sub(lambda m: f'src="{up}static/images/{m.group(1)}"', text)
        text = text.replace("</head>", f'<link rel="stylesheet" href="{up}static/styles/offline.css">\n</head>', 1)
        page.write_text(text, encoding="utf-8")


def _cell(value) -> str:
    return "" if value is None else html.escape(str(value))


def _page_link(site: Path, folder: str, table: str) -> str | None:
    pages = sorted((site / folder / table).rglob("*.html")) if folder == "validations" else [
        p for p in [site / "expectations" / f"{table}.html"] if p.exists()]
    return pages[-1].relative_to(site).as_posix() if pages else None


def _index(site: Path, validations: list[TableValidation], history: pl.DataFrame, run_id: str, warehouse) -> str:
    rows, failures = [], []
    for v in validations:
        err, wrn = v.failed("error"), v.failed("warn")
        status = "failed" if err else ("warnings" if wrn else "passed")
        links = [(label, _page_link(site, folder, v.table)) for label, folder in
                 (("validation", "validations"), ("suite", "expectations"))]
        rows.append(f'<tr class="{status}"><td><b>{_cell(v.table)}</b></td><td>{len(v.rows)}</td>'
                    f"<td>{len(err)}</td><td>{len(wrn)}</td><td>{status}</td><td>"
                    + " · ".join(f'<a href="{_cell(href)}">{label}</a>' for label, href in links if href) + "</td></tr>")
        for r in err + wrn:
            failures.append(f'<tr class="{"failed" if r["severity"] == "error" else "warnings"}">'
                            + "".join(f"<td>{_cell(r[c])}</td>" for c in
                                      ("table_name", "expectation", "severity", "unexpected_count", "observed_value",
                                       "unexpected_sample", "why")) + "</tr>")
    recent = (history.group_by("run_id").agg(
        pl.col("evaluated_at").max(), pl.len().alias("n"),
        (~pl.col("success") & (pl.col("severity") == "error")).sum().alias("err"),
        (~pl.col("success") & (pl.col("severity") == "warn")).sum().alias("warn"),
        pl.col("check_name").unique().sort().str.join(", ").alias("checks"),
    ).sort("evaluated_at", descending=True).head(20)) if history.height else history
    hist = "".join(f"<tr><td>{_cell(r['evaluated_at'])}</td><td>{_cell(r['run_id'])}</td><td>{r['n']}</td>"
                   f"<td>{r['err']}</td><td>{r['warn']}</td><td>{_cell(r['checks'])}</td></tr>"
                   for r in recent.iter_rows(named=True)) if history.height else ""
    head = ("<tr><th>table</th><th>expectations</th><th>failed (error)</th><th>failed (warn)</th><th>status</th>"
            "<th>GX Data Docs</th></tr>")
    fail_head = ("<tr><th>table</th><th>expectation</th><th>severity</th><th>unexpected</th><th>observed</th>"
                 "<th>sample (key columns)</th><th>why</th></tr>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>baochi data quality</title>
<link rel="stylesheet" href="static/styles/offline.css"></head>
<body class="baochi-index"><main>
<h1>baochi data quality</h1>
<p>Run <code>{_cell(run_id)}</code> over <code>{_cell(warehouse)}</code>. Error-severity failures block the
DuckDB load; warnings are shown only. History: DuckDB table <code>quality_results</code>.</p>
<h2>Suites</h2><table class="table">{head}{"".join(rows)}</table>
<h2>Failed expectations</h2>
{f'<table class="table">{fail_head}{"".join(failures)}</table>' if failures else "<p>None.</p>"}
<h2>Recent runs</h2>
<table class="table"><tr><th>evaluated at (UTC)</th><th>run</th><th>expectations</th><th>failed (error)</th>
<th>failed (warn)</th><th>checks</th></tr>{hist}</table>
</main></body></html>
"""


def build_report(context, warehouse: str | Path, validations: list[TableValidation], history: pl.DataFrame,
                 run_id: str) -> Path:
    """Render the Data Docs of the validations held in `context`; return the path of index.html."""
    target = report_dir(warehouse)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f".{SITE}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        tmp = target.parent / f".{SITE}.{os.getpid()}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        _escape_stored_results(context)
        context.add_data_docs_site(SITE, {
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(tmp)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder", "show_cta_footer": False},
        })
        context.build_data_docs(site_names=[SITE])
        _make_offline(tmp)
        (tmp / "index.html").write_text(_index(tmp, validations, history, run_id, warehouse), encoding="utf-8")
        old = target.parent / f".{SITE}.{os.getpid()}.old"
        if target.exists():
            os.replace(target, old)
        os.replace(tmp, target)
        shutil.rmtree(old, ignore_errors=True)
    return target / "index.html"
