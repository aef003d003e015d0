"""`rejects`: every input that is not an article, with a reason from baochi.ingest.REJECT_REASONS."""

from baochi.ingest import REJECT_REASONS
from expectations.suites.kit import at_least, corpus, has_columns, in_set, is_true, not_null, unique

TABLE = "rejects"
KEY = ["source_file"]
EXPECTATIONS = [
    has_columns("source_file", "reason", "detail", "n_bytes"),
    corpus(unique("source_file")),
    *not_null("source_file", "reason"),
    in_set("reason", REJECT_REASONS, why="the reasons the contract leaves to baochi.ingest.REJECT_REASONS"),
    at_least("n_bytes", 0),
    is_true("not_an_article", why="an input ends in articles or in rejects, never in both"),
]
