"""`citations`: who the article names as the origin of its information.

- news_source: a news medium next to an attribution cue (`CNN đưa tin`, `theo Reuters`, `Hãng RT
  dẫn lời`, `Politico cho rằng`, `theo thống kê của Fox News`, `trả lời hãng tin Washington Post`),
  or an institution that passes information on (`theo Nhà Trắng`, `Điện Kremlin dẫn lời`, `dẫn
  thông tin từ Nhà Trắng`, `theo báo cáo do Ủy ban ... công bố`). A person quoted is a quote, not a
  citation.
- photo_credit: the name after `Ảnh:` in a caption.
- republished_from: a syndication footer (`Theo VietNamNet`, `Article sourced from VNEXPRESS`).
"""

import re

import polars as pl

from baochi.entities.reference import fold
from baochi.outlets import SYNDICATION

TABLE = "citations"
SORT_KEY = ["article_id", "char_start", "role"]
SCHEMA = {
    "article_id": pl.String,
    "char_start": pl.Int32,
    "char_end": pl.Int32,
    "surface": pl.String,
    "source_id": pl.String,
    "role": pl.String,
    "cue": pl.String,
    "segment_kind": pl.String,
}
ROLES = ("news_source", "photo_credit", "republished_from")

_MEDIA_AFTER = re.compile(
    r"^\s*(?:\([^)]{0,40}\)\s*)?(?:cũng\s+|vừa\s+|đã\s+|hôm nay\s+|ngày \S+\s+)?"
    r"(đưa tin|dẫn lời|dẫn nguồn|dẫn thông tin|trích dẫn|trích lời|cho biết|cho hay|loan tin|đăng tải|đăng|"
    r"tiết lộ|thông tin|viết|báo cáo|nhận định|bình luận|phân tích|ghi nhận|công bố|xác nhận|khẳng định|"
    r"phỏng vấn|nêu rõ|nhấn mạnh|cho rằng|nhận xét|đánh giá)\b",
    re.IGNORECASE,
)
# `theo thống kê của Fox News`, `theo báo cáo do Ủy ban ... công bố`: what the source published
_WORK_OF = (r"(?:(?:thống kê|số liệu|báo cáo|khảo sát|dữ liệu|ước tính|tính toán|phân tích|bản tin|tin tức|"
            r"thông báo|thông cáo)\s+(?:mới nhất\s+|mới\s+)?(?:của|do|từ)\s+)?")
_BEFORE = re.compile(
    r"(theo|dẫn thông tin từ|dẫn nguồn từ|dẫn nguồn|trích dẫn|trích từ|nguồn tin từ|thông tin từ|"
    r"trả lời phỏng vấn|trả lời|nói với|chia sẻ với|trao đổi với|cho|(?<!so )với)\s+" + _WORK_OF +
    r"(?:(?:hãng tin|hãng thông tấn|hãng|kênh|tờ|báo|trang|đài|tạp chí|mạng)\s+)?$",
    re.IGNORECASE,
)
_INSTITUTION_AFTER = re.compile(r"^\s*(dẫn lời|dẫn nguồn|dẫn thông tin)\b", re.IGNORECASE)
_INSTITUTION_BEFORE = re.compile(r"(theo|dẫn thông tin từ|dẫn nguồn từ|thông tin từ)\s+" + _WORK_OF + "$",
                                 re.IGNORECASE)
_PHOTO = re.compile(r"(?:Ảnh|Nguồn ảnh|Photo)\s*:\s*([^|.;()\n]+?)\s*(?:[|.;)]|$)", re.IGNORECASE)
_INFO_KINDS = ("lead", "body", "heading", "title")


def _source_id(doc, start: int, end: int) -> str | None:
    """The entity at that span, else the reference entity of that name in any letter case."""
    found = doc.resolve(doc.text[start:end], start, end)
    if found is None and doc.matcher is not None:
        found = doc.matcher.ref.folded.get(fold(doc.text[start:end]))
    return found


def _row(doc, start, end, source_id, role, cue):
    return {"article_id": doc.article_id, "char_start": start, "char_end": end, "surface": doc.text[start:end],
            "source_id": source_id, "role": role, "cue": cue, "segment_kind": doc.kind_at(start)}


def _news_sources(doc) -> list[dict]:
    rows = []
    for m in doc.mentions():
        kind = doc.kind_at(m.start)
        if kind not in _INFO_KINDS:
            continue
        after = doc.text[m.end : m.end + 40]
        before = doc.text[max(0, m.start - 60) : m.start].rsplit("\n", 1)[-1]  # this line only
        if m.entity_type == "MEDIA":
            cue = _MEDIA_AFTER.match(after) or _BEFORE.search(before)
        elif m.entity_type in ("ORGANIZATION", "LOCATION"):
            cue = _INSTITUTION_AFTER.match(after) or _INSTITUTION_BEFORE.search(before)
        else:
            continue
        if cue:
            rows.append(_row(doc, m.start, m.end, m.entity_id, "news_source", cue.group(1).lower()))
    return rows


def _photo_credits(doc) -> list[dict]:
    rows = []
    for start, _end, _kind, line in doc.lines(("caption",)):
        for match in _PHOTO.finditer(line):
            s, e = start + match.start(1), start + match.end(1)
            if s < e:
                rows.append(_row(doc, s, e, _source_id(doc, s, e), "photo_credit", "ảnh"))
    return rows


def _syndication(doc) -> list[dict]:
    rows = []
    for start, _end, _kind, line in doc.lines(("footer",)):
        match = SYNDICATION.match(line)
        if match and len(match.group("name").split()) <= 6 and "http" not in match.group("name"):
            s, e = start + match.start("name"), start + match.end("name")
            rows.append(_row(doc, s, e, _source_id(doc, s, e), "republished_from", match.group("cue").lower()))
    return rows


def extract(doc) -> list[dict]:
    return _news_sources(doc) + _photo_credits(doc) + _syndication(doc)
