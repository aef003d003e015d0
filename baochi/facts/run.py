"""Run every document extractor over the articles in one pass (text in, tables out)."""

from __future__ import annotations

import functools
from collections.abc import Callable

import polars as pl

from baochi.entities.matcher import EntityMatcher
from baochi.entities.reference import default_reference
from baochi.facts.doc import Doc
from baochi.facts.registry import document_extractors, to_frame


@functools.cache
def default_matcher() -> EntityMatcher:
    """The reference aliases plus the shipped NER model (when it is present)."""
    try:
        from baochi.ner.recognizer import Recognizer

        recognizer = Recognizer.load().find
    except (ImportError, FileNotFoundError, OSError):
        recognizer = None
    return EntityMatcher(default_reference(), recognizer)


def docs_from_tables(articles: pl.DataFrame, segments: pl.DataFrame, matcher=None):
    """Yield one Doc per article, with its segments, in article_id order."""
    by_article: dict[str, list[tuple[int, int, str]]] = {}
    for aid, start, end, kind in segments.select("article_id", "char_start", "char_end", "kind").iter_rows():
        by_article.setdefault(aid, []).append((start, end, kind))
    cols = ["article_id", "text", "published_date", "reference_year"]
    for aid, text, published, year in articles.sort("article_id").select(cols).iter_rows():
        yield Doc(aid, text, by_article.get(aid, []), published, year, matcher)


def extract_facts(
    articles: pl.DataFrame,
    segments: pl.DataFrame,
    matcher: EntityMatcher | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, pl.DataFrame]:
    extractors = document_extractors()
    rows: dict[str, list[dict]] = {m.TABLE: [] for m in extractors}
    matcher = matcher if matcher is not None else default_matcher()
    for n, doc in enumerate(docs_from_tables(articles, segments, matcher), start=1):
        for module in extractors:
            rows[module.TABLE].extend(module.extract(doc))
        if progress:
            progress(n, articles.height)
    return {m.TABLE: to_frame(m, rows[m.TABLE]) for m in extractors}
