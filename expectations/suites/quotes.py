"""`quotes`: quoted spans (offsets inside the marks) and who said them.

The share of quotes with a stated speaker is a warning, and low: 0.92 on the seeds, 0.37 on 600
Dân trí articles (many quoted phrases are titles or terms); below a quarter, speaker detection broke.
"""

from expectations.suites.kit import gxe, has_columns, in_set, is_true, not_null, span_offsets, unique, warn

TABLE = "quotes"
KEY = ["quote_id"]
EXPECTATIONS = [
    has_columns("article_id", "quote_id", "char_start", "char_end", "text", "speaker_entity_id",
                "speaker_surface", "cue", "kind"),
    unique("quote_id"),
    *not_null("article_id", "quote_id", "char_start", "char_end", "text", "kind"),
    in_set("kind", ["full", "fragment"]),
    in_set("segment_kind", ["lead", "body"], why="quotes are taken from lead and body segments only"),
    *span_offsets(),  # offset_ok: substr(articles.text, ...) = quotes.text
    is_true("speaker_offset_ok", why="speaker_start/speaker_end reproduce speaker_surface"),
    is_true("speaker_ok", why="speaker_entity_id, when set, exists in entities"),
    warn(gxe.ExpectColumnMeanToBeBetween(column="has_speaker", min_value=0.25, max_value=1,
                                         why="share of quotes with a speaker (entity or role)")),
]
