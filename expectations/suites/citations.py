"""`citations`: the sources an article names (news sources, photo credits, syndication)."""

from expectations.suites.kit import has_columns, in_set, is_true, not_null, span_offsets, unique

TABLE = "citations"
KEY = ["article_id", "char_start", "char_end", "role"]
EXPECTATIONS = [
    has_columns("article_id", "char_start", "char_end", "surface", "source_id", "role"),
    unique(*KEY),
    *not_null("article_id", "char_start", "char_end", "surface", "role"),
    in_set("role", ["news_source", "photo_credit", "republished_from"]),
    *span_offsets(),
    is_true("source_ok", why="source_id, when set, exists in entities"),
]
