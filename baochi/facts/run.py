"""Run every document extractor over the articles in one pass (text in, tables out)."""

from __future__ import annotations

import atexit
import functools
import multiprocessing as mp
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import polars as pl

from baochi.entities.matcher import EntityMatcher
from baochi.entities.reference import default_reference
from baochi.facts.doc import Doc
from baochi.facts.registry import document_extractors, empty_frame, to_frame


@functools.cache
def default_matcher() -> EntityMatcher:
    """The reference aliases plus the shipped NER model (when it is present)."""
    try:
        from baochi.ner.recognizer import Recognizer

        recognizer = Recognizer.load()
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


CHUNK = 250  # articles per task: memory stays bounded by the chunk, not the corpus
MIN_CHUNK = 16  # the smallest task at a batch's end (smaller ones cost more to send than they balance)


def default_workers() -> int:
    """BAOCHI_WORKERS, else one per core."""
    return int(os.environ.get("BAOCHI_WORKERS") or os.cpu_count() or 1)


def _chunks(docs: list[Doc], workers: int) -> list[list[Doc]]:
    """CHUNK articles per task, then smaller ones (what is left divided by twice the workers, at
    least MIN_CHUNK) so that the workers finish together: with equal chunks, one worker alone ran
    the last one, a core idle for up to a chunk's time (~1 s) at the end of every batch. In one
    process, CHUNK each: the size only bounds memory there."""
    chunks, i = [], 0
    while i < len(docs):
        size = CHUNK if workers <= 1 else max(MIN_CHUNK, min(CHUNK, -(-(len(docs) - i) // (2 * workers))))
        chunks.append(docs[i : i + size])
        i += size
    return chunks


def _extract_chunk(docs: list[Doc], matcher) -> dict[str, pl.DataFrame]:
    """A chunk's tables, as frames (from a worker they travel back as Arrow buffers, not as many
    small objects): row dicts never pile up for more than a chunk."""
    rows: dict[str, list[dict]] = {m.TABLE: [] for m in document_extractors()}
    spans = matcher.recognize_many([doc.text for doc in docs]) or [None] * len(docs)
    for doc, found in zip(docs, spans):
        doc.matcher, doc.ner = matcher, found
        for module in document_extractors():
            rows[module.TABLE].extend(module.extract(doc))
    return {module.TABLE: to_frame(module, rows[module.TABLE]) for module in document_extractors()}


def _worker_chunk(docs: list[Doc]) -> dict[str, pl.DataFrame]:
    return _extract_chunk(docs, default_matcher())


_pool: dict[int, ProcessPoolExecutor] = {}


def _start_worker() -> None:
    """Load the model; at exit, skip the interpreter's teardown. Freeing a worker's model and feature
    caches object by object took ~0.5 s after 20,000 articles, and the refresh waits for the workers
    to end before the corpus-level work (its memory peak). Every result has been sent by then (the
    result queue writes synchronously), and the pool's own clean-up runs before atexit. The cost: a
    worker always exits with code 0 (the pool watches its process, not its code), and a file a
    worker opens must be closed by the worker, as nothing is flushed for it at exit."""
    default_matcher()
    atexit.register(os._exit, 0)


def _worker_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes kept between calls: a refresh of many batches in one process loads the model
    and warms the NER feature caches once per worker, not once per batch. Spawned: a fresh
    interpreter is safe under Dagster's threads. A kept pool with at least `workers` processes is
    used as it is (a small batch after big ones does not reload the model)."""
    size = next(iter(_pool), 0)
    if size < workers:
        close_pool()
        size = workers
        _pool[size] = ProcessPoolExecutor(size, mp_context=mp.get_context("spawn"), initializer=_start_worker)
    return _pool[size]


def warm_pool(workers: int | None = None) -> None:
    """Start the extraction workers now (BAOCHI_WORKERS of them, default one per core), without
    waiting: each loads the model as it starts, so a caller that has other work first (the first
    batch's ingest) finds them ready."""
    workers = workers or default_workers()
    if workers > 1:
        pool = _worker_pool(workers)
        for _ in range(workers):  # a pool starts a worker per task that finds none idle
            pool.submit(int)


def close_pool() -> None:
    """End the kept workers (their memory is not needed once the batches are done)."""
    for pool in _pool.values():
        pool.shutdown(wait=True, cancel_futures=True)
    _pool.clear()


def extract_facts(
    articles: pl.DataFrame,
    segments: pl.DataFrame,
    matcher: EntityMatcher | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> dict[str, pl.DataFrame]:
    """Every document extractor over every article; chunks go to a process pool when it pays."""
    extractors = document_extractors()
    frames: dict[str, list[pl.DataFrame]] = {m.TABLE: [] for m in extractors}
    docs = list(docs_from_tables(articles, segments))
    workers = min(workers or default_workers(), -(-len(docs) // CHUNK))  # a pool only for more than CHUNK articles
    chunks = _chunks(docs, workers if workers > 1 and matcher is None else 1)
    done = 0
    if workers > 1 and matcher is None:
        try:
            for chunk, result in zip(chunks, _worker_pool(workers).map(_worker_chunk, chunks)):
                done = _merge(frames, result, done + len(chunk), len(docs), progress)
        except BrokenProcessPool:  # a worker died (killed, out of memory): the next call starts afresh
            close_pool()
            raise
    else:
        matcher = matcher if matcher is not None else default_matcher()
        for chunk in chunks:
            done = _merge(frames, _extract_chunk(chunk, matcher), done + len(chunk), len(docs), progress)
    return {m.TABLE: pl.concat([empty_frame(m), *frames[m.TABLE]]).sort(m.SORT_KEY) for m in extractors}


def _merge(frames, result, done, total, progress) -> int:
    for module in document_extractors():
        frames[module.TABLE].append(result[module.TABLE])
    if progress:
        progress(done, total)
    return done
