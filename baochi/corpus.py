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
    files: list[str] | None = None,
    seen: dict[str, str] | None = None,
) -> dict[str, pl.DataFrame]:
    """Read every input below `corpus` (or only `files`); return articles, segments and rejects.

    `seen` maps the article ids of earlier batches to their source files (duplicate detection).
    """
    outlets = OutletIndex.from_csv(outlets_csv)
    articles, segments, rejects = [], [], []
    items = read_corpus(corpus, max_bytes, article_id=article_id, progress=progress, files=files, seen=seen)
    for item in items:
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
