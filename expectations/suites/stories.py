"""`stories`: articles grouped by event; each article in exactly one story."""

from expectations.suites.kit import at_least, has_columns, is_true, not_null, unique

TABLE = "stories"
KEY = ["story_id", "article_id"]
EXPECTATIONS = [
    has_columns("story_id", "article_id", "story_label", "n_articles"),
    unique("story_id", "article_id"),
    unique("article_id"),
    *not_null("story_id", "article_id", "n_articles"),
    is_true("article_ok", why="the article exists in articles"),
    at_least("n_articles", 1),
    is_true("n_articles_ok", why="n_articles is the number of rows of the story"),
]
