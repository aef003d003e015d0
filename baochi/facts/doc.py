"""What every extractor sees of one article: its text, segments and dating context."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Doc:
    article_id: str
    text: str
    # (char_start, char_end, kind) of every non-blank line, in order; kinds as in baochi.segments.KINDS
    segments: list[tuple[int, int, str]]
    published_date: dt.date | None = None
    reference_year: int | None = None
    matcher: object | None = None  # baochi.entities.matcher.EntityMatcher, shared by all docs
    ner: list | None = None  # the recogniser's spans when found beforehand (for a chunk at once)
    _starts: list[int] = field(default_factory=list, repr=False)
    _mentions: list | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._starts = [s for s, _, _ in self.segments]

    def kind_at(self, pos: int) -> str | None:
        """The segment kind of the line holding code point `pos` (None between lines)."""
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and self.segments[i][0] <= pos < self.segments[i][1]:
            return self.segments[i][2]
        return None

    def mentions(self) -> list:
        """Entity mentions of the whole text (computed once, shared by the extractors)."""
        if self._mentions is None:
            self._mentions = self.matcher.find(self.text, self.ner) if self.matcher is not None else []
        return self._mentions

    def mentions_at(self, start: int, end: int) -> list:
        """The mentions covering [start, end) or inside it, in text order."""
        return [m for m in self.mentions() if m.start <= start and end <= m.end or start <= m.start and m.end <= end]

    def resolve(self, surface: str, start: int, end: int) -> str | None:
        """The entity id of a name at [start, end): the mention covering it, if any."""
        found = self.mentions_at(start, end)
        return found[0].entity_id if found else None

    def lines(self, kinds: tuple[str, ...] | None = None):
        """(start, end, kind, line_text) for the lines of the given kinds (all when None)."""
        for start, end, kind in self.segments:
            if kinds is None or kind in kinds:
                yield start, end, kind, self.text[start:end]

    @classmethod
    def from_text(cls, text: str, article_id: str = "test", **kw) -> Doc:
        """Segment raw text the way ingestion does; for tests and ad-hoc use."""
        from baochi.segments import segment_article

        layout = segment_article(text)
        return cls(article_id, text, [(s.char_start, s.char_end, s.kind) for s in layout.segments], **kw)
