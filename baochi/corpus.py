"""The ingestion step as one plain function: corpus folder -> articles, segments, rejects frames."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl

from baochi.articles import article_id, build_article
from baochi.ingest import DEFAULT_MAX_BYTES, RawArticle, read_corpus
from baochi.outlets import OutletIndex
from baochi.tables import frame
from baochi.warehouse import SEEDS_DIR


def ingest_corpus(
    corpus: str | Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    outlets_csv: str | Path = SEEDS_DIR / "outlets.csv",
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, pl.DataFrame]:
    """Read every input below `corpus`; return the `articles`, `segments` and `rejects` tables."""
    outlets = OutletIndex.from_csv(outlets_csv)
    articles, segments, rejects = [], [], []
    for item in read_corpus(corpus, max_bytes, article_id=article_id, progress=progress):
        if isinstance(item, RawArticle):
            row, segs = build_article(item, outlets)
            articles.append(row)
            segments.extend(segs)
        else:
            rejects.append(vars(item))
    return {
        "articles": frame("articles", articles),
        "segments": frame("segments", segments),
        "rejects": frame("rejects", rejects),
    }
