"""`mentions`: every entity mention, with its canonical entity id and the segment it sits in."""

import polars as pl

TABLE = "mentions"
SORT_KEY = ["article_id", "char_start", "char_end"]
SCHEMA = {
    "article_id": pl.String,
    "char_start": pl.Int32,
    "char_end": pl.Int32,
    "surface": pl.String,
    "entity_id": pl.String,
    "entity_type": pl.String,
    "segment_kind": pl.String,
    "method": pl.String,
}


def extract(doc) -> list[dict]:
    return [
        {
            "article_id": doc.article_id,
            "char_start": m.start,
            "char_end": m.end,
            "surface": m.surface,
            "entity_id": m.entity_id,
            "entity_type": m.entity_type,
            "segment_kind": doc.kind_at(m.start),
            "method": m.method,
        }
        for m in doc.mentions()
    ]
