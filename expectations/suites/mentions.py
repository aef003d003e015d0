"""`mentions`: entity mentions; offsets reproduce the surface and every entity_id is in `entities`."""

from expectations.suites.kit import (
    ENTITY_TYPES, SEGMENT_KINDS, has_columns, in_set, is_true, not_null, span_offsets, unique,
)

TABLE = "mentions"
KEY = ["article_id", "char_start", "char_end"]
EXPECTATIONS = [
    has_columns("article_id", "char_start", "char_end", "surface", "entity_id", "entity_type", "segment_kind"),
    unique(*KEY),
    *not_null("article_id", "char_start", "char_end", "surface", "entity_id", "entity_type", "segment_kind"),
    in_set("entity_type", ENTITY_TYPES),
    in_set("segment_kind", SEGMENT_KINDS),
    *span_offsets(),
    is_true("entity_ok", why="the mentioned entity_id exists in entities"),
]
