"""Turn decoded inputs into `articles` and `segments` rows (text in, rows out; no I/O)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from baochi.ingest import RawArticle
from baochi.outlets import OutletIndex, infer_outlet
from baochi.segments import segment_article

_MARKUP = re.compile(r"<(?:/?(?:p|div|span|br|a|img|html|body|head|script|style|table|tr|td|h[1-6]|ul|li|strong|em)\b)", re.I)
_META_DATE = (
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), (1, 2, 3)),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$"), (1, 2, 3)),
    (re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\b.*)?$"), (3, 2, 1)),
)
# A dateline such as "Thứ sáu, 31/12/2021, 07:00 (GMT+7)" alone on one of the first or last lines.
_DATELINE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def article_id(text: str) -> str:
    """Stable id from the normalised text (white space folded), so duplicates share it."""
    folded = " ".join(text.split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_published(value: str | None) -> dt.date | None:
    """A publication date from a metadata string (YYYYMMDD, ISO 8601, dd/mm/yyyy)."""
    value = (value or "").strip()
    for pattern, (y, m, d) in _META_DATE:
        match = pattern.match(value)
        if match:
            return _date(int(match.group(y)), int(match.group(m)), int(match.group(d)))
    return None


def _dateline(lines: list[str]) -> dt.date | None:
    for line in lines:
        match = _DATELINE.search(line)
        if match and len(line.split()) <= 10:
            return _date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    return None


def build_article(raw: RawArticle, outlets: OutletIndex) -> tuple[dict, list[dict]]:
    """One `articles` row and its `segments` rows."""
    text, meta = raw.text, raw.meta
    aid = raw.article_id or article_id(text)
    layout = segment_article(text, meta.get("title"), outlets.by_name)
    outlet = infer_outlet(text, layout.footer_lines, meta, outlets)
    lines = [text[s.char_start : s.char_end] for s in layout.segments]
    published = parse_published(meta.get("published_at")) or _dateline(lines[:3] + lines[-3:])
    segments = [
        {
            "article_id": aid,
            "seq": s.seq,
            "char_start": s.char_start,
            "char_end": s.char_end,
            "kind": s.kind,
            "text": text[s.char_start : s.char_end],
        }
        for s in layout.segments
    ]
    row = {
        "article_id": aid,
        "source_file": raw.source_file,
        "input_format": raw.input_format,
        "encoding": raw.encoding,
        "repairs": ",".join(raw.repairs) or None,
        "n_bytes": raw.n_bytes,
        "text": text,
        "title": layout.title,
        "lead": layout.lead,
        "byline": layout.byline,
        "url": meta.get("url") or (outlet.url if outlet else None),
        "outlet_id": outlet.outlet_id if outlet else None,
        "outlet_evidence": outlet.evidence if outlet else None,
        "outlet_role": outlet.role if outlet else None,
        "published_date": published,
        "reference_year": published.year if published else None,
        "n_paragraphs": len(layout.segments),
        "n_words": len(text.split()),
        "n_chars": len(text),
        "external_id": meta.get("id"),
        "category": meta.get("category"),
        "has_markup": bool(_MARKUP.search(text)),
    }
    return row, segments
