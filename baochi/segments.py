"""Split an article into its lines and say what each one is.

Scraped news keeps its boilerplate: captions, related-story links, footers and bylines sit between
the paragraphs. They are classified, not deleted, so that facts found in them can be flagged.
Kinds: title, lead, body, heading, caption, related, footer (bylines and source lines are footers).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

KINDS = ("title", "lead", "body", "heading", "caption", "related", "footer")

_FINAL_PUNCT = tuple(".,;:…!?\"”'’)]|-–")
_CAPTION = re.compile(
    r"(?:^|[\s\-–—|.(\[])(?:Ảnh|Ảnh minh họa|Ảnh minh hoạ|Nguồn ảnh|Ảnh chụp màn hình|Photo|Clip|Video)"
    r"\s*(?::|$|\))",
    re.IGNORECASE,
)
_FOOTER = re.compile(
    r"^(?:Xem thêm|Xem tiếp|Đọc thêm|Tin liên quan|Bài liên quan|Article sourced from|Original source"
    r"|Comments powered by|Bình luận|Chia sẻ|Tags?\s*:|Từ khóa\s*:|Từ khoá\s*:|©|Copyright|Theo\s+\S"
    r"|Nguồn\s*:|Nguồn tin\s*:|Source\s*:|Tổng hợp|\(Tổng hợp\)|https?://)",
    re.IGNORECASE,
)
_RELATED_INTRO = re.compile(r"^(?:Xem thêm|Đọc thêm|Tin liên quan|Bài liên quan|Tin cùng chuyên mục)\b", re.I)
_BULLET = re.compile(r"^[-•*+»>]\s+(?=\S)")
_BRACKETED = re.compile(r"^\[[^\[\]]+\]$")
# A personal name: capitalised syllables, or initials such as "H.Long", "P.V.", "Minh K."
_NAME_TOKEN = re.compile(r"^(?:[A-ZĐÂĂÊÔƠƯ][\wÀ-ỹ]*\.?)+$")


@dataclass(frozen=True)
class Segment:
    seq: int
    char_start: int
    char_end: int
    kind: str


@dataclass
class Layout:
    segments: list[Segment] = field(default_factory=list)
    title: str | None = None
    lead: str | None = None
    byline: str | None = None
    footer_lines: list[str] = field(default_factory=list)


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line, trimmed of surrounding white space."""
    spans, pos = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + (len(raw) - len(raw.lstrip()))
            spans.append((start, start + len(stripped)))
        pos += len(raw) + 1
    return spans


@functools.lru_cache(maxsize=4096)  # a line is measured by several rules
def _n_words(line: str) -> int:
    return len(line.split())


def is_headline_like(line: str, max_words: int = 25) -> bool:
    """Short, starts with a capital or digit, and does not end like a sentence."""
    body = _BULLET.sub("", line).lstrip("-•*+»> ").strip()
    return (
        0 < _n_words(body) <= max_words
        and (body[0].isupper() or body[0].isdigit() or body[0] in "\"“'‘")
        and not body.endswith(tuple(".,;:…"))
    )


def is_byline(line: str) -> bool:
    """A person's name alone on a line: 1-5 capitalised tokens, no sentence punctuation."""
    tokens = line.replace("-", " ").split()
    if not 1 <= len(tokens) <= 5 or len(line) > 40:
        return False
    if line.rstrip().endswith(tuple(",;:!?\"”")):
        return False
    return all(_NAME_TOKEN.match(tok) for tok in tokens)


_CAPTION_WORDS = ("ảnh", "photo", "clip", "video")  # one of them is in every caption marker


def _is_caption(line: str) -> bool:
    low = line.lower()
    return any(w in low for w in _CAPTION_WORDS) and _n_words(line) <= 70 and bool(_CAPTION.search(line))


def _is_footer(line: str) -> bool:
    return _n_words(line) <= 12 and bool(_FOOTER.match(line))


def _related_flags(lines: list[str]) -> list[bool]:
    """Related-story links: `[...]` lines, and bullet headlines after `Xem thêm`, or 2+ of them
    right after the opening paragraphs or at the very end (mid-body bullet lists are body)."""
    flags = [bool(_BRACKETED.match(line)) and _n_words(line) <= 30 for line in lines]
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _BULLET.match(lines[j]) and is_headline_like(lines[j]):
            j += 1
        if j == i:  # no bullet headline starts here
            i += 1
            continue
        intro = i > 0 and bool(_RELATED_INTRO.match(lines[i - 1]))
        announced = i > 0 and lines[i - 1].endswith(":")  # "gồm những mục sau:" introduces a body list
        placed = not announced and (i <= 3 or j == len(lines) or all(_is_footer(x) for x in lines[j:]))
        if (j - i >= 2 and placed) or intro:
            for k in range(i, j):
                flags[k] = True
        i = j
    return flags


def segment_article(text: str, meta_title: str | None = None, outlet_names=None) -> Layout:
    """Classify every non-blank line of `text`; pick title, lead, byline and footer lines."""
    spans = _lines(text)
    lines = [text[s:e] for s, e in spans]
    kinds: list[str | None] = [None] * len(lines)
    related = _related_flags(lines)
    layout = Layout()
    outlet_names = outlet_names or (lambda _line: False)

    # Footer zone: walk back from the end over footers, related links, captions and one byline.
    i = len(lines) - 1
    while i > 0:
        line = lines[i]
        if _is_footer(line) or (related[i] and kinds[i] is None):
            kinds[i] = "related" if related[i] else "footer"
        elif outlet_names(line):
            kinds[i] = "footer"
        elif layout.byline is None and i >= 2 and is_byline(line):
            kinds[i] = "footer"
            layout.byline = line
        else:
            break
        i -= 1
    layout.footer_lines = [lines[k] for k in range(len(lines)) if kinds[k] == "footer"]

    for k, line in enumerate(lines):
        if kinds[k] is not None:
            continue
        if related[k]:
            kinds[k] = "related"
        elif _is_caption(line):
            kinds[k] = "caption"

    # Title: metadata wins; otherwise a short first line that does not read as a sentence.
    if lines and kinds[0] is None:
        first = lines[0]
        if meta_title:
            if first.casefold() == meta_title.strip().casefold():
                kinds[0] = "title"
        elif len(lines) > 1 and is_headline_like(first) and not first.startswith("("):
            kinds[0] = "title"
    layout.title = meta_title.strip() if meta_title and meta_title.strip() else (
        lines[0] if kinds and kinds[0] == "title" else None
    )

    # Lead: the first prose paragraph among the first lines after the title.
    for k in range(min(len(lines), 4)):
        if kinds[k] is None and _n_words(lines[k]) >= 12:
            kinds[k] = "lead"
            layout.lead = lines[k]
            break

    # Headings: short capitalised lines between paragraphs.
    for k, line in enumerate(lines):
        if kinds[k] is not None:
            continue
        nxt = lines[k + 1] if k + 1 < len(lines) else ""
        if (
            k > 0
            and not _BULLET.match(line)
            and _n_words(line) <= 14
            and is_headline_like(line, 14)
            and not line.endswith(("?", "!"))
            and _n_words(nxt) > _n_words(line)
        ):
            kinds[k] = "heading"
        else:
            kinds[k] = "body"

    layout.segments = [Segment(k, s, e, kinds[k] or "body") for k, (s, e) in enumerate(spans)]
    return layout
