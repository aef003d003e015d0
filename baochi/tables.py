"""Column schemas of the tables baochi writes (the contract's tables, as Polars types).

An empty table is still written with its schema, so DuckDB and the views always find every column.
"""

from __future__ import annotations

import polars as pl

ARTICLES = {
    "article_id": pl.String,
    "source_file": pl.String,
    "input_format": pl.String,
    "encoding": pl.String,
    "repairs": pl.String,
    "n_bytes": pl.Int64,
    "text": pl.String,
    "title": pl.String,
    "lead": pl.String,
    "byline": pl.String,
    "url": pl.String,
    "outlet_id": pl.String,
    "outlet_evidence": pl.String,
    "outlet_role": pl.String,
    "published_date": pl.Date,
    "reference_year": pl.Int32,
    "n_paragraphs": pl.Int32,
    "n_words": pl.Int32,
    "n_chars": pl.Int32,
    "external_id": pl.String,
    "category": pl.String,
    "has_markup": pl.Boolean,
}

SEGMENTS = {
    "article_id": pl.String,
    "seq": pl.Int32,
    "char_start": pl.Int32,
    "char_end": pl.Int32,
    "kind": pl.String,
    "text": pl.String,
}

REJECTS = {
    "source_file": pl.String,
    "reason": pl.String,
    "detail": pl.String,
    "n_bytes": pl.Int64,
    "duplicate_of": pl.String,
}

SCHEMAS = {"articles": ARTICLES, "segments": SEGMENTS, "rejects": REJECTS}
SORT_KEYS = {"articles": ["article_id"], "segments": ["article_id", "seq"], "rejects": ["source_file"]}


def frame(table: str, rows: list[dict]) -> pl.DataFrame:
    """Rows as a DataFrame with the table's schema, sorted by its key for deterministic output."""
    df = pl.DataFrame(rows, schema=SCHEMAS[table], orient="row") if rows else pl.DataFrame(schema=SCHEMAS[table])
    return df.sort(SORT_KEYS[table])
