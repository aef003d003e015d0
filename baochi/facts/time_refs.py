"""`time_refs`: dates, months, years and clock times written in an article, resolved where possible.

Choices (documented because the text does not decide them):
- One row per moment: a clock time followed by its date (`15h35 ngày 30/12`, `3:35 chiều ngày thứ
  Năm (30/12`) is a single row carrying both time and date; a date alone is its own row.
  `surface` leaves out leading cue words (`ngày`, `hôm`, `lúc`) but keeps `tháng`/`năm`, which are
  part of the expression (`tháng 6`, `năm 1997`); a bare 4-digit year 1900-2100 is a year row.
- tz comes from a `giờ X` / `GMT+N` annotation right after the row, inside the same parenthesis:
  Hà Nội / Việt Nam -> Asia/Ho_Chi_Minh, miền Đông (nước) Mỹ / Washington / New York ->
  America/New_York, GMT/UTC -> Etc/UTC, GMT+7 -> Etc/GMT-7 (IANA's inverted sign). Plain `giờ Mỹ`
  spans six zones and `giờ địa phương` names none: tz stays NULL rather than guessed.
- A dd/mm without a year gets one only from the article: the publication date (the year putting
  the date nearest to it), else the latest explicit d/m/yyyy in the text (the year within 6 months
  of it; birth dates excluded). Bare `năm YYYY` mentions are NOT used as anchors: on 2,653 Dân trí
  articles about half the years they gave disagreed with the publication date. Month-only
  mentions get a year only when written (`tháng 12/2021`) or relative (`năm ngoái`, resolved
  against the publication year); annual dates (`13/5 hàng năm`) get none. Otherwise NULL.
- Not time refs: scores (`2-1`), fractions (`hơn 1/3`), `24/7`, `Covid-19`, document numbers
  (`Quyết định 10/2020/QĐ-TTg`), street names (`đường 3/2`), phone numbers, impossible dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

import polars as pl

from baochi.facts.doc import Doc
from baochi.facts.numbers import PHONE_RE, SP, fold, to_24h, unit_at

TABLE = "time_refs"
SCHEMA = {
    "article_id": pl.String, "char_start": pl.Int32, "char_end": pl.Int32, "surface": pl.String,
    "year": pl.Int32, "month": pl.Int32, "day": pl.Int32, "date": pl.Date, "time": pl.String,
    "tz": pl.String, "segment_kind": pl.String,
}
SORT_KEY = ["article_id", "char_start"]

_S = SP
_PERIOD = r"(rạng sáng|sáng|trưa|chiều|tối|đêm|khuya|a\.m\.|p\.m\.|am|pm)(?!\w)"
# 15h35, 11h04', 15g30, 15h; 15 giờ (30 (phút)); 3:35 -- then an optional part of the day.
_CLOCK = re.compile(
    r"(?<![\w.,:/])(\d{1,2})(?:(h|g(?=\d\d))(\d{2})?(?:['’′]|p(?!\w)|" + _S + r"?phút(?!\w))?"
    r"|" + _S + r"?giờ(?:" + _S + r"(\d{1,2})(?!\d)(" + _S + r"?phút)?)?"
    r"|:(\d{2})(?::\d{2})?)(?![\w:/]|[.,]\d)(?:" + _S + r"?" + _PERIOD + r")?"
)
_DMY = re.compile(r"(?<![\w.,/-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\w/]|[.,]\d)")
_SPELLED = re.compile(
    r"(?<![\w.,/])(\d{1,2})" + _S + r"tháng" + _S + r"(\d{1,2})(?:" + _S + r"năm" + _S + r"(\d{4}))?(?!\w)"
)
_DM = re.compile(r"(?<![\w.,/-])(\d{1,2})([/-])(\d{1,2})(?![\w/-]|[.,]\d)(?:" + _S + r"năm" + _S + r"(\d{4})(?!\w))?")
_MONTH_WORDS = {"một": 1, "giêng": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7,
                "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12}
_MONTH = re.compile(
    r"(?<!\w)tháng" + _S + r"(\d{1,2}(?!\d)|mười một|mười hai|một|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười)(?!\w)"
    r"(?:[/-](\d{4})(?!\w)|" + _S + r"năm" + _S + r"(\d{4}|ngoái|nay|trước|tới|sau)(?!\w))?"
)
_YEAR = re.compile(
    r"(?<![\w.,/-])((?:19|20)\d\d)(?:" + _S + r"?[-–]" + _S + r"?((?:19|20)\d\d))?(?![\w/]|[.,]\d|-\w)"
)
_NAM_YEAR = re.compile(r"(?<!\w)năm" + _S + r"(\d{4})(?!\w)")
_ANNUAL = re.compile(_S + r"(?:hàng|hằng|mỗi)" + _S + r"năm(?!\w)")
_DIGIT_RUN = re.compile(r"\d+")
_RELATIVE = {"ngoái": -1, "trước": -1, "nay": 0, "tới": 1, "sau": 1}
_HYPHEN_CUE = {"ngày", "hôm", "sáng", "trưa", "chiều", "tối", "đêm", "khuya", "rạng"}
_NOT_DATE_PREV = set(
    "hơn gần khoảng chiếm bằng còn trên dưới xấp xỉ số định tư văn thị điều khoản lớp phòng tổ hẻm kiệt "
    "ngõ ngách nhà đường phố ql lô căn tỷ lệ mã hiệu bản kênh".split()
)
_YEAR_BLOCK_PREV = _NOT_DATE_PREV | {"lúc", "top", "mất", "tới", "đến", "tăng", "giảm", "đạt"}
_DURATION_PREV = {"trong", "kéo", "dài", "mất", "suốt", "hơn", "gần", "sau", "tầm"}
_LINK_TO_DATE = re.compile(
    r"(?:" + _S + r"?,)?" + _S + r"*(?:(?:rạng sáng|sáng|trưa|chiều|tối|đêm|khuya|hôm nay|nay)" + _S + r")?"
    r"(?:(?:ngày|hôm)" + _S + r")?(?:(?:thứ" + _S + r"(?:hai|ba|tư|năm|sáu|bảy)|chủ nhật)" + _S + r"*)?"
    r"(?:\(" + _S + r"*)?(?:ngày" + _S + r")?"
)
_TZ_NAMES = {"hà nội": "Asia/Ho_Chi_Minh", "việt nam": "Asia/Ho_Chi_Minh", "vn": "Asia/Ho_Chi_Minh",
             "miền đông nước mỹ": "America/New_York", "miền đông mỹ": "America/New_York",
             "bờ đông nước mỹ": "America/New_York", "bờ đông mỹ": "America/New_York",
             "washington": "America/New_York", "new york": "America/New_York", "mỹ": None,
             "địa phương": None, "moscow": "Europe/Moscow", "matxcơva": "Europe/Moscow",
             "mátxcơva": "Europe/Moscow", "bắc kinh": "Asia/Shanghai", "trung quốc": "Asia/Shanghai",
             "tokyo": "Asia/Tokyo", "nhật bản": "Asia/Tokyo", "seoul": "Asia/Seoul", "hàn quốc": "Asia/Seoul",
             "london": "Europe/London", "anh": "Europe/London", "paris": "Europe/Paris", "pháp": "Europe/Paris",
             "berlin": "Europe/Berlin", "đức": "Europe/Berlin", "kiev": "Europe/Kyiv", "kyiv": "Europe/Kyiv",
             "ukraine": "Europe/Kyiv", "gmt": "Etc/UTC", "utc": "Etc/UTC"}
_TZ = re.compile(
    _S + r"?[,(]?" + _S + r"?(?:theo" + _S + r")?"
    r"(?:giờ" + _S + r"(" + "|".join(sorted(_TZ_NAMES, key=len, reverse=True)) + r")|(gmt|utc))(?!\w)(?:" + _S + r"?([+-])" + _S + r"?(\d{1,2})(?!\d))?"
)
_PREV = re.compile(r"(\w+)[ \u00a0(]*$")


def _prev(f: str, pos: int) -> str:
    m = _PREV.search(f, max(0, pos - 16), pos)
    return m.group(1) if m else ""


def _valid(day: int, month: int, year: int | None = None) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    if year is None:
        return day <= (29 if month == 2 else calendar.monthrange(2001, month)[1])  # 29/2: maybe a leap year
    return day <= calendar.monthrange(year, month)[1]


def _date_at(f: str, pos: int):
    """(day, month, year, end) of a date starting exactly at pos, or None."""
    for rx, kind in ((_DMY, "dmy"), (_SPELLED, "spelled"), (_DM, "dm")):
        m = rx.match(f, pos)
        if not m:
            continue
        if kind == "dmy":
            d, mo, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        elif kind == "spelled":
            d, mo, y = int(m.group(1)), int(m.group(2)), m.group(3) and int(m.group(3))
        else:
            d, mo, y = int(m.group(1)), int(m.group(3)), m.group(4) and int(m.group(4))
            if m.group(2) == "-" and _prev(f, pos) not in _HYPHEN_CUE:
                return None  # 2-1, 7-12 tuổi: scores and ranges, unless `ngày`/`hôm` says date
            if f"{d}/{mo}" == "24/7" or _prev(f, pos) in _NOT_DATE_PREV:
                return None
            if unit_at(f, m.end()) and not _TZ.match(f, m.end()):
                return None
        if y is not None and not 1000 <= y <= 2100:
            return None
        if _valid(d, mo, y):
            return d, mo, y, m.end()
        return None
    return None


def _tz_after(f: str, end: int):
    m = _TZ.match(f, end)
    if not m:
        return None, end
    if m.group(1):
        return _TZ_NAMES[m.group(1)], m.end()
    if m.group(4):
        off = int(m.group(4)) * (1 if m.group(3) == "-" else -1)
        return ("Etc/UTC" if off == 0 else f"Etc/GMT{off:+d}"), m.end()
    return "Etc/UTC", m.end()


def _month(text: str, f: str, p: int, add) -> None:
    """A `tháng M` row (with its written or relative year) at p, if it is one."""
    m = _MONTH.match(f, p)
    if not m:
        return
    word = m.group(1)
    if word.isdigit():
        month = int(word)
    else:
        if word == "năm" and text[m.start(1)] != "N" or re.match(_S + r"lần|" + _S + r"\d", f[m.end(1) :]):
            return  # `tháng năm` (months and years), `hai tháng một lần`
        month = _MONTH_WORDS[word]
    if not 1 <= month <= 12 or re.search(r"(?:\d|một|hai|ba|mấy|vài|mỗi|hàng)" + _S + r"$", f[max(0, p - 6) : p]):
        return  # `3 tháng 6 ngày` is a duration
    year, rel = m.group(2) or m.group(3), None
    if year in _RELATIVE:
        year, rel = None, _RELATIVE[year]
    add(p, m.end(), month=month, year=int(year) if year else None, rel=rel)


def _clock(f: str, m: re.Match):
    """(time 'HH:MM', end) for a clock match, or None when it is not a clock time."""
    h = int(m.group(1))
    period = m.group(7)
    if m.group(2):  # 15h35, 15h
        mins = int(m.group(3)) if m.group(3) else 0
        if not m.group(3) and not period and _prev(f, m.start()) in _DURATION_PREV:
            return None  # kéo dài 3h: a duration
    elif m.group(6):  # 3:35
        mins = int(m.group(6))
    else:  # 15 giờ (30 (phút))
        mins = int(m.group(4)) if m.group(4) else 0
        cue = _prev(f, m.start()) in ("lúc", "từ", "đến") or period
        if not cue and (m.group(4) is None or m.group(5)):
            return None  # 2 giờ, 2 giờ 30 phút: durations
    hh = to_24h(h, period)
    if hh is None or mins > 59:
        return None
    return f"{hh:02d}:{mins:02d}", m.end()


def extract(doc: Doc) -> list[dict]:
    text = doc.text
    f = fold(text)
    taken: list[tuple[int, int]] = []
    found: list[dict] = []

    def free(s: int, e: int) -> bool:
        return not any(s < te and ts < e for ts, te in taken)

    def add(s: int, e: int, **kw) -> None:
        taken.append((s, e))
        tz, _ = _tz_after(f, e)
        found.append({"s": s, "e": e, "tz": tz, **kw})

    # Candidates: digit runs and `tháng`, tried in text order, each with the patterns in priority order.
    cands = [m.start() for m in _DIGIT_RUN.finditer(f)]
    i = f.find("tháng")
    while i >= 0:
        cands.append(i)
        i = f.find("tháng", i + 5)
    for p in sorted(cands):
        if any(s <= p < e for s, e in taken):
            continue
        if f.startswith("tháng", p):
            _month(text, f, p, add)
            continue
        if p and (f[p - 1].isalnum() or p > 1 and f[p - 1] in "-/.,:" and f[p - 2].isalnum()):
            continue
        ph = PHONE_RE.match(f, p)
        if ph:
            taken.append(ph.span())
            continue
        m = _CLOCK.match(f, p)
        c = _clock(f, m) if m else None
        if c:
            time, end = c
            link = _LINK_TO_DATE.match(f, end)
            date = _date_at(f, link.end()) if link else None
            if date:
                add(p, date[3], day=date[0], month=date[1], year=date[2], time=time)
            else:
                add(p, end, time=time)
            continue
        d = _date_at(f, p)
        if d:
            add(p, d[3], day=d[0], month=d[1], year=d[2])
            continue
        m = _NAM_YEAR.match(f, p - 4) if p >= 4 else None
        if m and m.start(1) == p and free(m.start(), m.end()):
            if 1000 <= int(m.group(1)) <= 2100:
                add(m.start(), m.end(), year=int(m.group(1)))
            continue
        m = _YEAR.match(f, p)
        if not m or _prev(f, p) in _YEAR_BLOCK_PREV or unit_at(f, m.end(1)) or (m.group(2) and unit_at(f, m.end())):
            continue  # `2000 người`, `hơn 2000`, `Quyết định 2021`: amounts and identifiers
        add(p, m.end(1), year=int(m.group(1)))
        if m.group(2) and int(m.group(2)) > int(m.group(1)):
            add(m.start(2), m.end(2), year=int(m.group(2)))
    _infer_years(doc, f, found)
    rows = []
    for r in sorted(found, key=lambda r: r["s"]):
        y, mo, d = r.get("year"), r.get("month"), r.get("day")
        rows.append({
            "article_id": doc.article_id, "char_start": r["s"], "char_end": r["e"], "surface": text[r["s"] : r["e"]],
            "year": y, "month": mo, "day": d, "date": dt.date(y, mo, d) if y and mo and d else None,
            "time": r.get("time"), "tz": r["tz"], "segment_kind": doc.kind_at(r["s"]),
        })
    return rows


def _infer_years(doc: Doc, f: str, found: list[dict]) -> None:
    """Give yearless dd/mm rows a year from the article (see module docstring), or leave them NULL."""
    ref_year = doc.published_date.year if doc.published_date else doc.reference_year
    for r in found:
        if r.get("rel") is not None and ref_year:
            r["year"] = ref_year + r["rel"]
    # Birth dates (`sinh ngày 1/2/1976`) say nothing about when the news happens.
    anchors = [dt.date(r["year"], r["month"], r["day"]) for r in found
               if r.get("day") and r.get("year") and "sinh" not in f[max(0, r["s"] - 12) : r["s"]]]
    for r in found:
        if r.get("year") or not r.get("day") or _ANNUAL.match(f, r["e"]):
            continue
        d, mo = r["day"], r["month"]
        if doc.published_date:
            target, limit = doc.published_date, 366
        elif ref_year:
            target, limit = dt.date(ref_year, 7, 1), 366
        elif anchors:
            target, limit = max(anchors), 183  # the latest written date: news runs up to it
        else:
            target, limit = None, 0
        gaps = [(abs((dt.date(y, mo, d) - target).days), y) for y in range(target.year - 1, target.year + 2)
                if _valid(d, mo, y)] if target else []
        if gaps and min(gaps)[0] <= limit:
            r["year"] = min(gaps)[1]
