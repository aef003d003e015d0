"""`amounts`: numbers with what they count; positive values, ranges that go up."""

from expectations.suites.kit import at_least, gxe, has_columns, in_set, not_null, span_offsets, unique

TABLE = "amounts"
KEY = ["article_id", "char_start", "char_end"]
EXPECTATIONS = [
    has_columns("article_id", "char_start", "char_end", "surface", "value", "value_high", "unit", "category",
                "qualifier"),
    unique(*KEY),
    *not_null("article_id", "char_start", "char_end", "surface", "value", "category", "qualifier"),
    in_set("category", ["troops", "personnel", "duration", "count", "money", "percent", "other"]),
    in_set("qualifier", ["exact", "about", "nearly", "over", "up_to"]),
    at_least("value", 0, strict=True, why="zero is not an amount; nothing counts below zero"),
    gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="value_high", column_B="value", or_equal=True,
                                                ignore_row_if="either_value_is_missing",
                                                why="a range ends at or above where it starts"),
    *span_offsets(),
]
