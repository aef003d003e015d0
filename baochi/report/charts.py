"""Inline SVG charts drawn by hand: the report is one self-contained file (no JavaScript, no fetches).

Every label goes through `esc`, because labels come from article text (entity names, quote speakers).
"""

from __future__ import annotations

import datetime as dt
import html

PALETTE = ["#2b6cb0", "#dd6b20", "#2f855a", "#c53030", "#6b46c1", "#b7791f", "#319795", "#d53f8c",
           "#4a5568", "#718096"]
GREY = "#a0aec0"
LIGHT = {GREY, "#cbd5e0"}  # fills that need dark text
FONT = 12


def esc(value) -> str:
    """HTML/SVG-escape any value (None -> empty)."""
    return html.escape("" if value is None else str(value), quote=True)


def colour_map(names: list[str]) -> dict[str, str]:
    """Stable colours: the i-th name gets the i-th palette colour (grey beyond the palette)."""
    return {n: PALETTE[i] if i < len(PALETTE) else GREY for i, n in enumerate(names)}


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _svg(width: int, height: int, label: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(label)}">'
            f"<title>{esc(label)}</title>" + "".join(body) + "</svg>")


def hbar(items: list[tuple[str, float]], label: str, *, width: int = 560, label_width: int = 170,
         bar_height: int = 20, colours: list[str] | None = None, value_labels: list[str] | None = None) -> str:
    """Horizontal bars, one per (name, value), value printed at the bar's end."""
    if not items:
        return '<p class="empty">No data.</p>'
    top = max(v for _, v in items) or 1
    shown_all = value_labels or [_fmt(v) for _, v in items]
    room = max(40, width - label_width - 10 - 7 * max(len(t) for t in shown_all))
    gap, body = 6, []
    for i, (name, value) in enumerate(items):
        y = i * (bar_height + gap)
        w = max(1.0, room * value / top)
        colour = colours[i] if colours else PALETTE[0]
        shown = shown_all[i]
        body.append(f'<text x="{label_width - 6}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" '
                    f'font-size="{FONT}">{esc(_clip(name, 28))}</text>'
                    f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{colour}">'
                    f"<title>{esc(name)}: {esc(shown)}</title></rect>"
                    f'<text x="{label_width + w + 4:.1f}" y="{y + bar_height * 0.7:.1f}" font-size="{FONT}" '
                    f'fill="#2d3748">{esc(shown)}</text>')
    return _svg(width, len(items) * (bar_height + gap), label, body)


def stacked_hbar(rows: list[tuple[str, list[tuple[str, float]]]], colours: dict[str, str], label: str, *,
                 width: int = 720, label_width: int = 170, bar_height: int = 22) -> str:
    """One bar per row split into coloured parts (the parts' shares of that row), with a legend below."""
    if not rows:
        return '<p class="empty">No data.</p>'
    room, gap, body = width - label_width - 60, 8, []
    for i, (name, parts) in enumerate(rows):
        y, x = i * (bar_height + gap), float(label_width)
        total = sum(v for _, v in parts) or 1
        body.append(f'<text x="{label_width - 6}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" '
                    f'font-size="{FONT}">{esc(_clip(name, 28))}</text>')
        for part, value in parts:
            w = room * value / total
            body.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" '
                        f'fill="{colours.get(part, GREY)}" stroke="#fff" stroke-width="1">'
                        f"<title>{esc(name)} · {esc(part)}: {_fmt(value)} ({100 * value / total:.0f}%)</title></rect>")
            if w > 26:
                ink = "#1a202c" if colours.get(part, GREY) in LIGHT else "#fff"
                body.append(f'<text x="{x + w / 2:.1f}" y="{y + bar_height * 0.7:.1f}" text-anchor="middle" '
                            f'font-size="11" fill="{ink}">{_fmt(value)}</text>')
            x += w
        body.append(f'<text x="{x + 4:.1f}" y="{y + bar_height * 0.7:.1f}" font-size="{FONT}">{_fmt(total)}</text>')
    legend_y = len(rows) * (bar_height + gap) + 8
    lx = float(label_width)
    for part, colour in colours.items():
        text = _clip(part, 24)
        if lx + 20 + 7 * len(text) > width:
            lx, legend_y = float(label_width), legend_y + 18
        body.append(f'<rect x="{lx:.0f}" y="{legend_y}" width="12" height="12" fill="{colour}"/>'
                    f'<text x="{lx + 16:.0f}" y="{legend_y + 10}" font-size="11">{esc(text)}</text>')
        lx += 28 + 7 * len(text)
    return _svg(width, legend_y + 20, label, body)


def timeline(stories: list[dict], colours: dict[str, str], label: str, *, width: int = 960,
             label_width: int = 280, row_height: int = 26) -> str:
    """Stories on a date axis: one row per story, one dot per outlet at its first date (size ~ articles).

    Each story dict: label, date (datetime.date), outlets: list of (outlet_id, first_date or None, n_articles).
    """
    dated = [s for s in stories if s["date"] is not None]
    if not dated:
        return '<p class="empty">No dated stories.</p>'
    dates = [s["date"] for s in dated] + [d for s in dated for _, d, _ in s["outlets"] if d is not None]
    lo, hi = min(dates) - dt.timedelta(days=2), max(dates) + dt.timedelta(days=2)
    span = (hi - lo).days or 1
    left, right, axis_y = label_width + 10, width - 45, 24
    x_of = lambda d: left + (right - left) * (d - lo).days / span  # noqa: E731
    body = [f'<line x1="{left}" y1="{axis_y}" x2="{right}" y2="{axis_y}" stroke="#4a5568"/>']
    for k in range(6):
        d = lo + dt.timedelta(days=round(span * k / 5))
        x = x_of(d)
        body.append(f'<line x1="{x:.1f}" y1="{axis_y - 4}" x2="{x:.1f}" y2="{axis_y + 4 + row_height * len(dated)}" '
                    f'stroke="#e2e8f0"/><text x="{x:.1f}" y="{axis_y - 8}" text-anchor="middle" '
                    f'font-size="11">{d.isoformat()}</text>')
    for i, story in enumerate(dated):
        y = axis_y + 18 + i * row_height
        body.append(f'<text x="{label_width}" y="{y + 4}" text-anchor="end" font-size="{FONT}">'
                    f'{esc(_clip(story["label"], 40))}<title>{esc(story["label"])}</title></text>'
                    f'<line x1="{left}" y1="{y}" x2="{right}" y2="{y}" stroke="#edf2f7"/>')
        for j, (outlet, first, n) in enumerate(story["outlets"]):
            x = x_of(first or story["date"]) + 9 * (j - (len(story["outlets"]) - 1) / 2)
            r = min(10, 4 + 2 * n)
            body.append(f'<circle cx="{x:.1f}" cy="{y}" r="{r}" fill="{colours.get(outlet, GREY)}" '
                        f'fill-opacity="0.85" stroke="#fff"><title>{esc(outlet)}: {n} article(s), '
                        f'{esc(first or story["date"])}</title></circle>')
    return _svg(width, axis_y + 30 + row_height * len(dated), label, body)


def legend(colours: dict[str, str]) -> str:
    """An HTML legend (for charts sharing one colour per outlet)."""
    return '<p class="legend">' + " ".join(
        f'<span><i style="background:{c}"></i>{esc(n)}</span>' for n, c in colours.items()) + "</p>"


def inline_bar(value: float, top: float, colour: str = PALETTE[0], width: int = 120) -> str:
    """A small bar for a table cell."""
    w = 0 if not top else max(1.0, width * value / top)
    return (f'<svg width="{width}" height="10" aria-hidden="true"><rect width="{w:.1f}" height="10" '
            f'fill="{colour}"/></svg>')


def _clip(text, n: int) -> str:
    text = "" if text is None else str(text)
    return text if len(text) <= n else text[: n - 1] + "…"
