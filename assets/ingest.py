"""Ingest layer: one batch of corpus files -> its part of `articles`, `segments` and `rejects`."""

import dagster as dg

from assets.metadata import markdown_preview, progress_logger, table_metadata
from assets.partitions import corpus_batches
from baochi.batches import load_manifests
from baochi.corpus import ingest_corpus
from baochi.storage import read_other_partitions, write_table
from pipelines.resources import BaochiPaths

INGEST_TABLES = {
    "articles": "One row per accepted input article: decoded NFC text, title, lead, byline, url, "
    "outlet (from evidence only) with its evidence and role, dates and sizes.",
    "segments": "One row per non-blank line of an article, with code-point offsets into "
    "articles.text and its kind (title, lead, body, heading, caption, related, footer).",
    "rejects": "One row per input that is not an article (empty, binary, undecodable, too large, "
    "malformed or text-less JSONL line, duplicate, unsupported file type), with a reason.",
}


def other_batches_articles(warehouse, batch: str) -> dict[str, str]:
    """article_id -> source_file in the other batches: a repeat of one of those is a duplicate."""
    df = read_other_partitions(warehouse, "articles", batch, columns=["article_id", "source_file"])
    return {} if df.is_empty() else dict(df.iter_rows())


@dg.multi_asset(
    specs=[
        dg.AssetSpec(name, group_name="ingest", description=text, kinds={"python", "polars", "parquet"})
        for name, text in INGEST_TABLES.items()
    ],
    partitions_def=corpus_batches,
)
def ingested_corpus(context: dg.AssetExecutionContext, paths: BaochiPaths):
    """Reads the files of one batch and writes that batch's part of the three ingest tables."""
    batch = context.partition_key
    manifest = load_manifests(paths.warehouse).get(batch)
    if manifest is None:
        raise dg.Failure(f"batch {batch} has no manifest under {paths.warehouse}/batches: run `make run` "
                         "or let the corpus sensor plan the batches")
    files = [f.path for f in manifest]
    context.log.info(f"ingest: batch {batch}, {len(files):,} files from {paths.corpus}")
    tables = ingest_corpus(
        paths.corpus, paths.max_bytes, progress=progress_logger(context, "ingest", "files"),
        files=files, seen=other_batches_articles(paths.warehouse, batch),
    )
    for name, df in tables.items():
        path = write_table(df, paths.warehouse, name, partition=batch)
        metadata = table_metadata(df.drop("text", strict=False), path)
        if name == "rejects" and df.height:
            reasons = df.group_by("reason").len().sort("reason")
            metadata["reasons"] = dg.MetadataValue.md(markdown_preview(reasons, reasons.height))
        yield dg.MaterializeResult(asset_key=name, metadata=metadata)
