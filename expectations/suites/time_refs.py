"""`time_refs`: date and time expressions; real calendar days, a date that agrees with its parts.

Years outside 1900-2100 are a warning when more than 1% of them are: history is quoted in news
(`năm 1857`, 0.1% of the years in 600 Dân trí articles), but many such years mean numbers misread as years.
"""

from expectations.suites.kit import gxe, has_columns, is_true, not_null, span_offsets, unique, warn

TABLE = "time_refs"
KEY = ["article_id", "char_start", "char_end"]
EXPECTATIONS = [
    has_columns("article_id", "char_start", "char_end", "surface", "year", "month", "day", "date", "time", "tz"),
    unique(*KEY),
    *not_null("article_id", "char_start", "char_end", "surface"),
    gxe.ExpectColumnValuesToBeBetween(column="month", min_value=1, max_value=12),
    gxe.ExpectColumnValuesToBeBetween(column="day", min_value=1, max_value=31),
    is_true("day_valid", why="the day exists in that month (29 February only in leap or unknown years)"),
    is_true("date_ok", why="date, when set, equals year-month-day"),
    gxe.ExpectColumnValuesToMatchRegex(column="time", regex=r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
                                       why="a clock time HH:MM"),
    *span_offsets(),
    warn(gxe.ExpectColumnValuesToBeBetween(column="year", min_value=1900, max_value=2100, mostly=0.99,
                                           why="a plausible year for news (99% of them)")),
]
