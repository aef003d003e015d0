"""`articles`: one row per accepted input; keys, outlet evidence, and how much of the news is usable.

The plausibility shares are warnings, not errors: a real corpus has articles without a byline
outlet or a date (3 of the 5 seeds name an outlet; 2 can be dated from their text), but a sudden
drop says that detection broke.
"""

from expectations.suites.kit import corpus, gxe, has_columns, in_set, is_true, not_null, unique, warn

TABLE = "articles"
KEY = ["article_id"]
EXPECTATIONS = [
    has_columns("article_id", "source_file", "title", "lead", "byline", "url", "outlet_id", "outlet_evidence",
                "outlet_role", "published_date", "reference_year", "n_paragraphs", "n_words"),
    corpus(unique("article_id")),
    corpus(unique("source_file")),
    *not_null("article_id", "source_file", "n_paragraphs", "n_words"),
    is_true("has_text", why="text is decoded and not empty (empty inputs are rejects)"),
    in_set("outlet_role", ["publisher", "republished_from"]),
    is_true("outlet_role_ok", why="outlet_role is set exactly when outlet_id is"),
    gxe.ExpectColumnValuesToBeBetween(column="n_words", min_value=0),
    gxe.ExpectColumnValuesToBeBetween(column="n_paragraphs", min_value=0),
    is_true("has_story", why="every article belongs to exactly one story (a lone article is its own story)"),
    warn(gxe.ExpectColumnMeanToBeBetween(column="has_outlet", min_value=0.5, max_value=1,
                                         why="share of articles whose outlet is known from evidence")),
    warn(gxe.ExpectColumnMeanToBeBetween(column="has_mention", min_value=0.9, max_value=1,
                                         why="share of articles with at least one entity mention")),
    warn(gxe.ExpectColumnMeanToBeBetween(column="has_date", min_value=0.5, max_value=1,
                                         why="share of articles with a published date or a full date in the text")),
]
