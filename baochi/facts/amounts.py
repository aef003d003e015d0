"""`amounts`: every number together with what it counts (troops, minutes, money, people...).

Choices (documented because the text does not decide them):
- Vague quantities are ranges with qualifier `about`: `hàng chục` 10-99, `hàng trăm` 100-999,
  `hàng chục nghìn` 10,000-99,999 (value = lowest, value_high = next power of ten - 1);
  `vài` (a few) is 2-5 times its scale (`vài tuần` 2-5 weeks, `vài chục` 20-50).
- Durations are category `duration`, unit `minutes`, value in minutes whatever the words:
  1 hour 60, 1 day 1440, 1 week 10080, 1 month 30 days, 1 year 365 days. A compound
  (`1 tiếng 2 phút`) is one row; the original words stay in `surface`.
- Scale words multiply the value and the unit is the base noun: `1,2 tỷ USD` -> 1.2e9 `USD`,
  `2.000 tỷ đồng` -> 2e12 `đồng`. Vietnamese money stays `đồng`, foreign money is an ISO code
  (`đô la` -> USD); prices keep their denominator (`đồng/lượt`, `USD/thùng`).
- `surface` runs from the first qualifier word to the end of the unit (`khoảng gần một giờ`).
  The qualifier nearest the number wins (`khoảng gần` -> nearly). `đến`/`tới` after a `từ` in
  the same sentence end a span (`từ năm 2018 đến 6 tháng`) and are not `up_to`.
- Digits need a known unit, a scale word or a strong qualifier (`khoảng 320`: unit NULL); number
  words need a known unit, and `một` counts only before a unit of measure or time (`một quan chức`
  is an article, not 1). Capitalised number words inside a sentence are names (`Ba Cây Tre`).
  Zero is not an amount. Years, dates, clock times, ordinals (`thứ hai`, `lần 3`), codes glued to
  letters (`Covid-19`, `G7`, `Su-35`), numbers after identifier nouns (`Quyết định 10`, `quốc lộ 1`)
  and phone numbers are skipped.
"""

from __future__ import annotations

import re

import polars as pl

from baochi.facts.doc import Doc
from baochi.facts.numbers import (
    SP, DIGITS_BODY_RE, DIGITS_RE, LEXICON as _LEXICON, MINUTES as _MINUTES, PERIODS, PHONE_RE, SCALES,
    TERMS_ALT as _TERMS_ALT, fold, nfc, parse_digits, parse_number_words, unit_at, words_at,
)

TABLE = "amounts"
SCHEMA = {
    "article_id": pl.String, "char_start": pl.Int32, "char_end": pl.Int32, "surface": pl.String,
    "value": pl.Float64, "value_high": pl.Float64, "unit": pl.String, "category": pl.String,
    "qualifier": pl.String, "segment_kind": pl.String,
}
SORT_KEY = ["article_id", "char_start"]
CATEGORIES = ("troops", "personnel", "duration", "count", "money", "percent", "other")
QUALIFIERS = ("exact", "about", "nearly", "over", "up_to")

_GLUED_UNIT = re.compile(r"(%|km2|km²|km|kg|m2|m²|m3|m|ha|cm|mm|mw|kw|kwh|gw|usd|tấn)(?!\w)")
_SCALE_RE = re.compile(SP + r"(nghìn tỷ|ngàn tỷ|nghìn tỉ|ngàn tỉ|nghìn|ngàn|vạn|triệu|tỷ|tỉ)(?!\w)(?!" + SP + "phú)")
_RANGE_SEP = re.compile(SP + r"*[-–—~]" + SP + r"*|" + SP + r"+(?:đến|tới)" + SP + r"+")
_QUAL = {"khoảng chừng": "about", "khoảng": "about", "chừng": "about", "ước tính": "about",
         "ước chừng": "about", "ước": "about", "xấp xỉ": "about", "trên dưới": "about", "cỡ": "about",
         "gần": "nearly", "suýt": "nearly", "hơn": "over", "trên": "over", "ít nhất": "over",
         "tối thiểu": "over", "lên tới": "up_to", "lên đến": "up_to", "có tới": "up_to",
         "có đến": "up_to", "tới": "up_to", "đến": "up_to", "tận": "up_to", "tối đa": "up_to",
         "không quá": "up_to", "chưa tới": "up_to", "chưa đến": "up_to", "dưới": "up_to",
         "chỉ": "exact", "đúng": "exact", "từ": "exact"}
_WEAK_QUAL = {"tới", "đến", "từ", "chỉ", "đúng", "trên", "cỡ"}  # too common to prove a quantity alone
_QUAL_RE = re.compile(r"(?<!\w)(" + "|".join(sorted(_QUAL, key=len, reverse=True)) + r")" + SP + r"+$")
# A number right after one of these is an ordinal, an identifier or part of a date.
_BLOCK_PREV = set(nfc(
    "thứ lần số ngày hôm tháng năm lúc hạng khóa khoá lớp đợt lộ đường phòng tầng điều khoản chương "
    "mục phiên vòng tập trang hình mẫu model đời hệ khu lô nhà ga cổng tuyến quận phường huyện xã tổ "
    "bài chuyến hiệu định tư luật kỳ kì đoạn bảng câu cấp hẻm ngõ ngách kiệt km ql phần mã biển "
    "sân bến khối ấp thôn xóm covid iphone galaxy ảnh clip video top group nhóm đội lữ sư giờ h"
).split())
_VAGUE_SCALE = {"chục": 10, "trăm": 100, "nghìn": 1e3, "ngàn": 1e3, "vạn": 1e4, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
_NO_NAM = {"trong", "cả", "mỗi", "hàng", "cuối", "đầu", "giữa", "các", "những", "nhiều", "từng", "một", "năm"}
_DIGIT_RUN = re.compile(r"\d+")
_WORD_CAND = re.compile(r"hàng|vài|nửa|một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín|mười|trăm|nghìn|ngàn")
_PREV_WORD = re.compile(r"(\w+)" + SP + r"+$")
_YEARLIKE = re.compile(r"(?:19|20)\d\d")
_CLOCK_AFTER = re.compile(SP + r"(?:\d{1,2}(?!\d)(?!" + SP + r"?phút)|(?:" + "|".join(PERIODS) + r")(?!\w))")
_SPELLED_DATE_AFTER = re.compile(SP + r"(?:năm" + SP + r")?\d")
_HALF = re.compile(SP + r"rưỡi(?!\w)")
_PER = re.compile(r"/" + SP + r"?(?:(" + _TERMS_ALT + r")(?![\w%])|([^\W\d]+))")
_FROM = re.compile(r"từ" + SP + r"+")
_TO = re.compile(r"(?:đến|tới)" + SP + r"+")
# `đến`/`tới` after these verbs is `to`, not `up to`: liên quan đến 2 ca, gửi tới 5 nước.
_TO_AS_PREP = set(nfc("quan dẫn tính gửi đưa chuyển đi về sang trở gặp thăm nhắc cập tâm hưởng động hướng nói kể").split())
_FROM_BEFORE = re.compile(r"(?<!\w)từ(?!\w)[^.;!?\n]*$")
_POST = re.compile(SP + r"(trở lên|trở xuống)(?!\w)")
_MORE = re.compile(SP + r"nữa(?!\w)")


def _prev_word(f: str, pos: int) -> str:
    m = _PREV_WORD.search(f, max(0, pos - 20), pos)
    return m.group(1) if m else ""


def _core(f: str, p: int, allow_words: bool = True, glued: bool = False):
    """(value, high, end, kind, n_words) of the numeral at p, or None. kind: digits/words/vague/half/nam."""
    m = (DIGITS_BODY_RE if glued else DIGITS_RE).match(f, p)
    if m:
        s, e = m.group(), m.end()
        if len(s) > 3 and s[0] == "0" and s[1].isdigit():
            return None
        if e + 1 < len(f) and f[e] in "/:." and f[e + 1].isdigit():
            return None  # dates, clock times, version numbers
        if e < len(f) and f[e].isalnum() and not _GLUED_UNIT.match(f, e):
            return None  # 15h35, 5G, 13T
        v = parse_digits(s)
        return None if v is None else (v, None, e, "digits", 1)
    if not allow_words:
        return None
    toks = words_at(f, p)
    ws = [t[0] for t in toks]
    if not ws:
        return None
    if ws[0] == "hàng" and len(ws) > 1 and ws[1] in _VAGUE_SCALE:  # hàng chục nghìn: 10,000-99,999
        v, k = _VAGUE_SCALE[ws[1]], 2
        while k < len(ws) and ws[k] in SCALES:
            v, k = v * SCALES[ws[k]], k + 1
        return v, v * 10 - 1, toks[k - 1][2], "vague", k
    if ws[0] == "vài" or ws[:2] == ["một", "vài"]:  # vài chục: 20-50
        k, v = (1 if ws[0] == "vài" else 2), 1.0
        k += k < len(ws) and ws[k] == "ba"  # vài ba: a few
        if k < len(ws) and ws[k] in _VAGUE_SCALE:
            v, k = _VAGUE_SCALE[ws[k]], k + 1
            while k < len(ws) and ws[k] in SCALES:
                v, k = v * SCALES[ws[k]], k + 1
        return 2 * v, 5 * v, toks[k - 1][2], "vague", k
    if ws[0] == "nửa":
        return 0.5, None, toks[0][2], "half", 1
    parsed = parse_number_words(ws)
    if parsed:
        return parsed[0], None, toks[parsed[1] - 1][2], "words", parsed[1]
    if ws[0] == "năm" and len(ws) > 1:  # năm người: five, checked against the unit later
        return 5.0, None, toks[0][2], "nam", 1
    return None


def _scaled(f: str, e: int) -> tuple[float, int]:
    """Product of the scale words after e (`tỷ`, `nghìn tỷ`, `triệu rưỡi`) and where they end."""
    scale, sc = 1.0, _SCALE_RE.match(f, e)
    while sc:
        for w in sc.group(1).split():
            scale *= SCALES[w]
        e, sc = sc.end(), _SCALE_RE.match(f, sc.end())
    return scale, e


def _duration(f: str, value: float, high, e: int, word: str):
    """Minutes for `value word` plus any smaller units that follow (`1 tiếng 2 phút`, `1 tiếng rưỡi`)."""
    mins = _MINUTES[word]
    value, high = value * mins, (high * mins if high is not None else None)
    half = _HALF.match(f, e)
    if half:
        return value + mins / 2, high, half.end()
    while high is None and e < len(f) and f[e] == " ":
        nxt = _core(f, e + 1)
        u2 = unit_at(f, nxt[2]) if nxt and nxt[3] in ("digits", "words") else None
        if not u2 or u2[0] not in _MINUTES or _MINUTES[u2[0]] >= mins:
            break
        mins = _MINUTES[u2[0]]
        value, e = value + nxt[0] * mins, u2[1]
    return value, high, e


def _sentence_start(text: str, p: int) -> bool:
    before = text[max(0, p - 6) : p].rstrip()
    return not before or before[-1] in ".!?:;…\"“”'‘’(-–—[\n*•"


_BOTH_SIDES = {"bên", "phía", "nước", "nhà lãnh đạo", "lãnh đạo", "nguyên thủ"}
_YEAR_AFTER = re.compile(r"\s+(?:1[89]|20|21)\d\d(?!\d)")


def _parse(text: str, f: str, p: int):
    """The amount whose numeral starts at p: dict(value, high, end, unit, cat, vague), or None."""
    if f[p] == "$":
        c = _core(f, p + 1 + (f[p + 1] == " "), allow_words=False)
        if not c:
            return None
        scale, e = _scaled(f, c[2])
        return {"value": c[0] * scale, "high": None, "end": e, "unit": "USD", "cat": "money", "vague": False}
    c = _core(f, p)
    if not c:
        return None
    value, high, e, kind, nwords = c
    if kind != "digits" and text[p].isupper() and not _sentence_start(text, p):
        return None  # `Ba Cây Tre`, `Mười Hai`: a name, not a number
    prev = _prev_word(f, p)
    if prev in _BLOCK_PREV:
        return None
    # Range: `70.000 - 100.000`, `70.000-100.000`, `từ 2 đến 3`, `hai đến ba`.
    ranged, rs = False, _RANGE_SEP.match(f, e)
    if rs and kind in ("digits", "words"):
        c2 = _core(f, rs.end(), allow_words=kind == "words", glued=True)
        if c2 and c2[3] == kind:
            high, e, ranged = c2[0], c2[2], True
        elif kind == "digits" and f[e] in "-–" and f[rs.end() : rs.end() + 1].isdigit():
            return None  # 2-1 scores, 31-12 dates
    if kind == "digits":
        scale, e = _scaled(f, e)
        value, high = value * scale, (high * scale if ranged else None)  # 3-5 triệu: both in millions
        half = _HALF.match(f, e) if scale > 1 else None
        if half:
            value, e = value + scale / 2, half.end()
    else:
        scale = 1.0
    if ranged and high <= value:
        return None
    u = unit_at(f, e)
    if u is not None and _LEXICON[u[0]][0] == "duration" and _YEAR_AFTER.match(f, u[1]):
        u = None  # `1.200 tỷ năm 2017`: "năm 2017" dates it, it is not a unit of time
    if u is None:
        q = _QUAL_RE.search(f, max(0, p - 20), p)
        if kind == "digits" and not ranged and (scale > 1 or q and q.group(1) not in _WEAK_QUAL):
            if _YEARLIKE.fullmatch(f, p, e):
                return None
            return {"value": value, "high": None, "end": e, "unit": None, "cat": "other", "vague": False}
        return None
    word, e = u
    if value == 2 and not ranged and word in _BOTH_SIDES:
        return None  # `hai bên`, `hai nước`: the two parties already named, not a figure
    cat, unit = _LEXICON[word]
    if kind in ("words", "nam") and nwords == 1 and value == 1 and (cat not in ("duration", "money", "other")
                                                                    or unit in ("lượng", "điểm", "độ")):
        return None  # `một quan chức`, `một lượng`: an article, not a count
    if kind == "nam" and (cat not in ("troops", "personnel", "count") or prev in _NO_NAM or text[p] == "N"):
        return None
    if kind == "half" and cat not in ("duration", "other"):
        return None
    if cat == "duration":
        if word == "giờ" and (prev == "lúc" or _CLOCK_AFTER.match(f, e)):
            return None  # lúc 15 giờ, 9 giờ sáng: a clock time
        if word == "tháng" and value <= 31 and _SPELLED_DATE_AFTER.match(f, e):
            return None  # 12 tháng 12: a spelled date
        value, high, e = _duration(f, value, high, e, word)
    else:
        per = _PER.match(f, e)
        if per:
            label = _LEXICON[per.group(1)][1] if per.group(1) else per.group(2)
            denom = per.group(1) if label in ("minutes", "") else label  # đồng/đêm, not đồng/minutes
            unit, e = f"{unit}/{denom}", per.end()
    if prev == "từ" and not ranged:  # từ 20 triệu đồng đến 100 triệu đồng
        rs = _RANGE_SEP.match(f, e)
        c2 = _core(f, rs.end(), allow_words=kind == "words", glued=True) if rs else None
        if c2 and c2[3] == kind:
            scale2, e2 = _scaled(f, c2[2]) if kind == "digits" else (1.0, c2[2])
            u2, mult = unit_at(f, e2), (_MINUTES.get(word, 1) if cat == "duration" else 1)
            if u2 and u2[0] == word and c2[0] * scale2 * mult > value:
                high, e, ranged = c2[0] * scale2 * mult, u2[1], True
                per2 = _PER.match(f, e) if "/" in unit else None
                e = per2.end() if per2 else e
    if value <= 0:
        return None
    return {"value": value, "high": high, "end": e, "unit": unit, "cat": cat, "vague": kind == "vague",
            "ranged": ranged}


def extract(doc: Doc) -> list[dict]:
    text = doc.text
    f = fold(text)
    # Candidates: digit runs, `$`, and number words standing alone (two cheap scans beat one clever one).
    cands = [p for p in (m.start() for m in _DIGIT_RUN.finditer(f))  # not glued on the left (10/1, h35)
             if not p or not (f[p - 1].isalnum() or p > 1 and f[p - 1] in "-/.,:–" and f[p - 2].isalnum())]
    cands += [m.start() for m in _WORD_CAND.finditer(f)  # a whole word, followed by a word (not `năm 2020`)
              if not (m.start() and f[m.start() - 1].isalnum())
              and f[m.end() : m.end() + 1] in (" ", "\u00a0") and f[m.end() + 1 : m.end() + 2].isalpha()]
    if "$" in f:
        cands += [m.start() for m in re.finditer(r"\$(?=\s?\d)", f)]
    rows, cursor = [], 0
    for p in sorted(cands):
        if p < cursor:
            continue
        if f[p] in "01":
            ph = PHONE_RE.match(f, p)
            if ph:
                cursor = ph.end()
                continue
        r = _parse(text, f, p)
        if not r or r["value"] <= 0:  # `hơn 0`, `gần 0`: zero counts nothing
            continue
        start, end = p, r["end"]
        # Qualifier chain before the number: the nearest one wins, the surface takes them all.
        nearest, q = None, _QUAL_RE.search(f, max(0, start - 30), start)
        while q:
            nearest = nearest or _QUAL[q.group(1)]
            start = q.start()
            q = _QUAL_RE.search(f, max(0, start - 30), start)
        if f.startswith("từ", start) and not r.get("ranged") and nearest == "exact":
            start, nearest = _FROM.match(f, start).end(), None  # `từ 100 người` alone: no qualifier
        elif f.startswith(("đến", "tới"), start) and (_FROM_BEFORE.search(f, max(0, start - 60), start)
                                                       or _prev_word(f, start) in _TO_AS_PREP):
            start, nearest = _TO.match(f, start).end(), None  # từ năm 2018 đến 6 tháng: an end, not a cap
        qual = "about" if r["vague"] else nearest or "exact"
        if qual == "over" and _MORE.match(f, end):  # hơn 3 tuần nữa
            end = _MORE.match(f, end).end()
        post = _POST.match(f, end)
        if post and qual == "exact":
            qual, end = ("over" if post.group(1) == "trở lên" else "up_to"), post.end()
        rows.append({
            "article_id": doc.article_id, "char_start": start, "char_end": end, "surface": text[start:end],
            "value": float(r["value"]), "value_high": None if r["high"] is None else float(r["high"]),
            "unit": r["unit"], "category": r["cat"], "qualifier": qual, "segment_kind": doc.kind_at(start),
        })
        cursor = end
    return rows
