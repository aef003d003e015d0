"""`segments`: every non-blank line of an article, its offsets and its kind."""

from expectations.suites.kit import SEGMENT_KINDS, at_least, has_columns, in_set, not_null, span_offsets, unique

TABLE = "segments"
KEY = ["article_id", "seq"]
EXPECTATIONS = [
    has_columns("article_id", "seq", "char_start", "char_end", "kind", "text"),
    unique("article_id", "seq"),
    *not_null("article_id", "seq", "char_start", "char_end", "kind", "text"),
    in_set("kind", SEGMENT_KINDS),
    at_least("seq", 0, why="lines are numbered from 0"),
    *span_offsets(),  # offset_ok: substr(articles.text, ...) = segments.text
]
