"""`$BAOCHI_WAREHOUSE/reports/coverage.html`: how each outlet covered the news, from the DuckDB views.

One self-contained HTML file (inline CSS and SVG, no JavaScript, a CSP that forbids scripts) so that it
can be mailed or opened offline. Everything taken from articles is escaped: an article may contain HTML.
Run by hand: `python -m baochi.report.coverage [WAREHOUSE]`.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from baochi.report.charts import (
    GREY, colour_map, esc, hbar, inline_bar, legend, stacked_hbar, timeline,
)
from baochi.warehouse import db_path

TITLE = "baochi — coverage report"
TOP_OUTLETS = 8  # outlets drawn in the per-outlet charts (the tables list more)
TOP_ENTITIES = 8
MAX_STORIES = 25  # stories in the figures table and on the timeline
MAX_FIGURE_ROWS = 400
ROLES = {"news_source": "#2b6cb0", "photo_credit": "#dd6b20", "republished_from": "#2f855a"}
TYPES = {"PERSON": "#2b6cb0", "ORGANIZATION": "#dd6b20", "LOCATION": "#2f855a", "MEDIA": "#6b46c1"}
CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;margin:0;
color:#1a202c;background:#f7fafc}main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:0 0 10px}h3{font-size:14px;margin:6px 0}
section{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:16px 20px;margin:18px 0}
.meta,.note{color:#4a5568;font-size:13px}.kpis{display:flex;gap:14px;flex-wrap:wrap;margin:12px 0}
.kpi{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:10px 16px}.kpi b{font-size:22px;display:block}
table{border-collapse:collapse;font-size:13px;width:100%}th,td{text-align:left;padding:4px 8px;
border-bottom:1px solid #edf2f7;vertical-align:top}th{background:#edf2f7}td.num{text-align:right;white-space:nowrap}
tr.story th{background:#fff;border-bottom:2px solid #cbd5e0;padding-top:12px}
tr.dis td{background:#fff5f5}tr.dis td.flag{color:#c53030;font-weight:700}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:12px}
.card{border:1px solid #edf2f7;border-radius:6px;padding:8px}.legend span{margin-right:14px;font-size:12px}
.legend i{display:inline-block;width:11px;height:11px;margin-right:4px;vertical-align:-1px}
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@dataclass
class Report:
    html: str
    markdown: str
    stats: dict = field(default_factory=dict)
    path: Path | None = None


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _table(headers: list[str], rows: list[list[str]], classes: list[str] | None = None) -> str:
    """Cells must already be escaped HTML; headers are escaped here."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join(f'<tr class="{classes[i] if classes else ""}">' + "".join(row) + "</tr>"
                   for i, row in enumerate(rows))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def td(value, num: bool = False, cls: str = "") -> str:
    c = " ".join(x for x in ("num" if num else "", cls) if x)
    text = f"{value:,}" if num and isinstance(value, int) else esc(value)
    return f'<td class="{c}">{text}</td>' if c else f"<td>{text}</td>"


def _outlets_section(cov: list[dict], colours: dict[str, str]) -> str:
    top = cov[:15]
    chart = hbar([(r["outlet_id"], r["n_articles"]) for r in top], "Articles per outlet",
                 colours=[colours.get(r["outlet_id"], GREY) for r in top],
                 value_labels=[f'{r["n_articles"]:,} · {r["n_words"] or 0:,} words' for r in top])
    rows = [[td(r["outlet_id"]), td(r["outlet_name"]), td(r["n_articles"], True), td(r["n_words"] or 0, True),
             td(r["n_stories"], True), td(r["first_date"]), td(r["last_date"])] for r in cov[:40]]
    more = f'<p class="note">{len(cov) - 40} more outlets in coverage_per_outlet.</p>' if len(cov) > 40 else ""
    return ("<section><h2>Articles per outlet</h2>" + chart
            + _table(["outlet", "name", "articles", "words", "stories", "first date", "last date"], rows) + more
            + '<p class="note">Articles without an outlet count under (unknown). Dates: published date, else the '
              "story's date, else the earliest full date in the text.</p></section>")


def _entities_section(con, outlets: list[str]) -> str:
    ents = _rows(con, """SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY outlet_id
        ORDER BY n_mentions DESC, entity_id) AS rn FROM entity_coverage_by_outlet WHERE list_contains(?, outlet_id))
        WHERE rn <= ? ORDER BY outlet_id, rn""", [outlets, TOP_ENTITIES])
    cards = []
    for outlet in outlets:
        mine = [e for e in ents if e["outlet_id"] == outlet]
        chart = hbar([(e["entity_name"], 100 * e["share"]) for e in mine], f"Top entities of {outlet}",
                     width=360, label_width=130, bar_height=14,
                     colours=[TYPES.get(e["entity_type"], GREY) for e in mine],
                     value_labels=[f'{100 * e["share"]:.0f}% ({e["n_mentions"]})' for e in mine])
        cards.append(f'<div class="card"><h3>{esc(outlet)}</h3>{chart}</div>')
    return ("<section><h2>Whom each outlet talks about</h2>" + legend(TYPES) + '<div class="grid">'
            + "".join(cards) + '</div><p class="note">Share of the outlet\'s entity mentions (title, lead, body, '
              "headings, captions); top entities per outlet.</p></section>")


def _voices_section(con, outlets: list[str]) -> str:
    by_country = _rows(con, """SELECT outlet_id, coalesce(speaker_country, '(no country)') AS country,
        sum(n_quotes)::BIGINT AS n FROM voices_by_outlet WHERE list_contains(?, outlet_id) GROUP BY ALL""", [outlets])
    totals: dict[str, int] = {}
    for r in by_country:
        totals[r["country"]] = totals.get(r["country"], 0) + r["n"]
    ranked = sorted((c for c in totals if c != "(no country)"), key=lambda c: (-totals[c], c))
    keep = ranked[:7]
    series = keep + (["other"] if len(ranked) > 7 else []) + (["(no country)"] if "(no country)" in totals else [])
    colours = dict(colour_map(keep), **{"other": GREY, "(no country)": "#cbd5e0"})
    colours = {s: colours[s] for s in series}
    rows = []
    for outlet in outlets:
        parts: dict[str, int] = {}
        for r in by_country:
            if r["outlet_id"] == outlet:
                key = r["country"] if r["country"] in keep or r["country"] == "(no country)" else "other"
                parts[key] = parts.get(key, 0) + r["n"]
        if parts:
            rows.append((outlet, [(s, parts[s]) for s in series if s in parts]))
    chart = stacked_hbar(rows, colours, "Quotes by speaker country per outlet")
    top = _rows(con, """SELECT outlet_id, string_agg(speaker_name || ' (' || n_quotes || ')', ', '
        ORDER BY n_quotes DESC, speaker_name) FILTER (WHERE rn <= 6) AS voices FROM (SELECT *, row_number() OVER
        (PARTITION BY outlet_id ORDER BY n_quotes DESC, speaker_name) AS rn FROM voices_by_outlet)
        WHERE list_contains(?, outlet_id) GROUP BY outlet_id ORDER BY outlet_id""", [outlets])
    table = _table(["outlet", "most quoted"], [[td(r["outlet_id"]), td(r["voices"])] for r in top])
    return ("<section><h2>Whose voice each outlet carries</h2>" + chart + table
            + '<p class="note">Quotes by the country of the speaker (or of an unnamed speaker\'s role, e.g. '
              "“một quan chức Mỹ” → US).</p></section>")


def _sources_section(con, outlets: list[str]) -> str:
    src = _rows(con, "SELECT * FROM sources_by_outlet WHERE list_contains(?, outlet_id)", [outlets])
    roles = [r for r in ROLES if any(s["role"] == r for s in src)]
    rows = []
    for outlet in outlets:
        parts = {role: sum(s["n_citations"] for s in src if s["outlet_id"] == outlet and s["role"] == role)
                 for role in roles}
        if any(parts.values()):
            rows.append((outlet, [(r, v) for r, v in parts.items() if v]))
    chart = stacked_hbar(rows, {r: ROLES[r] for r in roles}, "Citations per outlet by role")
    top = max([s["n_citations"] for s in src] or [1])
    src.sort(key=lambda s: (outlets.index(s["outlet_id"]), -s["n_citations"], s["source_name"] or ""))
    table = _table(["outlet", "source", "role", "citations", ""],
                   [[td(s["outlet_id"]), td(s["source_name"]), td(s["role"]), td(s["n_citations"], True),
                     f'<td>{inline_bar(s["n_citations"], top, ROLES.get(s["role"], GREY))}</td>'] for s in src[:150]])
    return "<section><h2>Sources per outlet and role</h2>" + chart + table + "</section>"


CATEGORY_ORDER = ["troops", "money", "percent", "duration", "personnel", "count"]


def _figures_section(con) -> tuple[str, int]:
    """Per story: the figures of each category+unit that two or more outlets report, one row per outlet+figure."""
    figs = _rows(con, """WITH g AS (SELECT story_id, category, unit FROM facts_by_outlet GROUP BY ALL
            HAVING count(DISTINCT outlet_id) >= 2),
        f AS (SELECT f.* FROM facts_by_outlet f JOIN g USING (story_id, category, unit)),
        s AS (SELECT story_id, count(*) FILTER (WHERE disagrees) AS n_dis, count(DISTINCT outlet_id) AS n_out
            FROM f GROUP BY 1 ORDER BY n_dis DESC, n_out DESC, story_id LIMIT ?),
        labels AS (SELECT story_id, any_value(story_label) AS story_label FROM articles_by_outlet GROUP BY 1)
        SELECT f.story_id, any_value(l.story_label) AS story_label, f.category, f.unit, f.outlet_id, f.figure,
               count(*) AS n_times, string_agg(DISTINCT f.surface, ' / ') AS surfaces,
               string_agg(DISTINCT f.qualifier, ', ') AS qualifiers, bool_or(f.disagrees) AS disagrees,
               any_value(f.disagrees_with) AS disagrees_with, any_value(s.n_dis) AS n_dis,
               any_value(s.n_out) AS n_out, min(f.value) AS value, min(f.value_high) AS value_high
        FROM f JOIN s USING (story_id) JOIN labels l USING (story_id)
        GROUP BY f.story_id, f.category, f.unit, f.outlet_id, f.figure
        ORDER BY n_dis DESC, n_out DESC, f.story_id, list_position(?, f.category), f.unit, value,
                 value_high NULLS FIRST, f.outlet_id LIMIT ?""", [MAX_STORIES, CATEGORY_ORDER, MAX_FIGURE_ROWS])
    if not figs:
        return "<section><h2>Figures by story</h2><p class=\"empty\">No figures reported by two outlets.</p></section>", 0
    head = "".join(f"<th>{h}</th>" for h in ("category", "unit", "outlet", "figure", "as written", "qualifier",
                                             "agreement"))
    body, story = [], None
    for f in figs:
        if f["story_id"] != story:
            story = f["story_id"]
            body.append(f'<tr class="story"><th colspan="7">{esc(f["story_label"])} '
                        f'<span class="meta">({esc(story)} · {f["n_out"]} outlets)</span></th></tr>')
        times = f' <span class="meta">×{f["n_times"]}</span>' if f["n_times"] > 1 else ""
        agree = "≠ " + esc(f["disagrees_with"]) if f["disagrees"] else "✓"
        body.append(f'<tr class="{"dis" if f["disagrees"] else ""}">{td(f["category"])}{td(f["unit"])}'
                    f'{td(f["outlet_id"])}<td class="num">{esc(f["figure"])}</td><td>{esc(f["surfaces"])}{times}</td>'
                    f'{td(f["qualifiers"])}<td class="flag">{agree}</td></tr>')
    n_dis = sum(1 for f in figs if f["disagrees"])
    return ("<section><h2>Figures by story, disagreements highlighted</h2>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            + '<p class="note">Figures of one story, category and unit reported by at least two outlets. A row is '
              "highlighted when another outlet reports the same quantity (ranges within 25%) but never this figure. "
              "Everything else is in the view facts_by_outlet.</p></section>", n_dis)


def _timeline_section(con, colours: dict[str, str]) -> str:
    sc = _rows(con, """WITH top AS (SELECT story_id, any_value(n_outlets) AS n_out, sum(n_articles) AS n_art
            FROM story_coverage GROUP BY 1 ORDER BY n_out DESC, n_art DESC, story_id LIMIT ?)
        SELECT s.* FROM story_coverage s JOIN top USING (story_id)
        ORDER BY s.story_date NULLS LAST, s.story_id, s.n_articles DESC, s.outlet_id""", [MAX_STORIES])
    stories: dict[str, dict] = {}
    for r in sc:
        st = stories.setdefault(r["story_id"], {"label": r["story_label"] or r["story_id"],
                                                "date": r["story_date"] or r["first_date"], "outlets": []})
        st["outlets"].append((r["outlet_id"], r["first_date"], r["n_articles"]))
    chart = timeline(list(stories.values()), colours, "Stories on a timeline")
    arts = _rows(con, """SELECT story_id, outlet_id, count(*) AS n,
            string_agg(coalesce(title, '(untitled: ' || source_file || ')'), ' · ' ORDER BY title, source_file)
            AS titles FROM articles_by_outlet WHERE list_contains(?, story_id) GROUP BY ALL""", [list(stories)])
    titles = {(a["story_id"], a["outlet_id"]): a["titles"] for a in arts}
    table = _table(["story", "date", "outlet", "articles", "titles"], [
        [td(s["label"]), td(s["date"]), td(o), td(n, True), td(titles.get((sid, o)))]
        for sid, s in stories.items() for o, _, n in s["outlets"]])
    undated = [s for s in stories.values() if s["date"] is None]
    note = ('<p class="note">Undated stories: ' + "; ".join(
        f'{esc(s["label"])} ({esc(", ".join(o for o, _, _ in s["outlets"]))})' for s in undated) + "</p>"
            if undated else "")
    return ("<section><h2>Stories on a timeline</h2>" + legend(colours) + chart + note + table
            + '<p class="note">x = story date; one dot per outlet at its first article (larger = more articles).'
              "</p></section>")


def render(con: duckdb.DuckDBPyConnection, source: str = "") -> Report:
    """The whole report from an open (read-only) connection to a warehouse with the views."""
    cov = _rows(con, "SELECT * FROM coverage_per_outlet ORDER BY n_articles DESC, outlet_id")
    outlets = [r["outlet_id"] for r in cov[:TOP_OUTLETS]]
    colours = colour_map(outlets)
    n_articles = sum(r["n_articles"] for r in cov)
    n_stories = con.execute("SELECT count(DISTINCT story_id) FROM story_coverage").fetchone()[0]
    figures, n_dis = _figures_section(con)
    stats = {"n_articles": n_articles, "n_outlets": len(cov), "n_stories": n_stories, "n_disagreeing_figures":
             con.execute("SELECT count(*) FROM facts_by_outlet WHERE disagrees").fetchone()[0]}
    kpis = "".join(f'<div class="kpi"><b>{v:,}</b>{esc(k)}</div>' for k, v in (
        ("articles", n_articles), ("outlets", len(cov)), ("stories", n_stories),
        ("figures in disagreement", stats["n_disagreeing_figures"])))
    page = (f'<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{esc(TITLE)}</title>'
            f"<style>{CSS}</style></head><body><main><h1>How each outlet covered the news</h1>"
            f'<p class="meta">From {esc(source)} · views coverage_per_outlet, entity_coverage_by_outlet, '
            f"voices_by_outlet, sources_by_outlet, facts_by_outlet, story_coverage.</p>"
            f'<div class="kpis">{kpis}</div>'
            + _outlets_section(cov, colours) + _timeline_section(con, colours) + figures
            + _entities_section(con, outlets) + _voices_section(con, outlets) + _sources_section(con, outlets)
            + "</main></body></html>")
    return Report(page, _markdown(cov, stats, n_dis), stats)


def _markdown(cov: list[dict], stats: dict, n_dis_shown: int) -> str:
    def cell(v) -> str:
        return str(v).replace("|", "\\|").replace("\n", " ")

    lines = [f"**{stats['n_articles']:,}** articles · **{stats['n_outlets']}** outlets · "
             f"**{stats['n_stories']:,}** stories · **{stats['n_disagreeing_figures']:,}** figures in disagreement",
             "", "| outlet | articles | stories | first date |", "|---|---:|---:|---|"]
    lines += [f"| {cell(r['outlet_id'])} | {r['n_articles']:,} | {r['n_stories']:,} | {cell(r['first_date'] or '—')} |"
              for r in cov[:5]]
    return "\n".join(lines)


def write_report(warehouse: str | Path, out: str | Path | None = None) -> Report:
    """Render from `<warehouse>/baochi.duckdb` (read-only) to `<warehouse>/reports/coverage.html`, atomically."""
    database = db_path(warehouse)
    if not database.is_file():
        raise FileNotFoundError(f"no warehouse database at {database}: run `make run` first")
    with duckdb.connect(str(database), read_only=True) as con:
        report = render(con, source=str(database))
    target = Path(out) if out else Path(warehouse) / "reports" / "coverage.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.{os.getpid()}.tmp"
    tmp.write_text(report.html, encoding="utf-8")
    os.replace(tmp, target)
    report.path = target
    return report


if __name__ == "__main__":
    from baochi import config

    print(write_report(config.resolve(sys.argv[1] if len(sys.argv) > 1 else config.warehouse_dir())).path)
