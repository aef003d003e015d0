"""Ingest layer: the corpus folder -> `articles`, `segments` and `rejects` Parquet tables."""


import dagster as dg

from assets.metadata import markdown_preview, table_metadata
from baochi.corpus import ingest_corpus
from baochi.storage import write_table
from pipelines.resources import BaochiPaths

INGEST_TABLES = {
    "articles": "One row per accepted input article: decoded NFC text, title, lead, byline, url, "
    "outlet (from evidence only) with its evidence and role, dates and sizes.",
    "segments": "One row per non-blank line of an article, with code-point offsets into "
    "articles.text and its kind (title, lead, body, heading, caption, related, footer).",
    "rejects": "One row per input that is not an article (empty, binary, undecodable, too large, "
    "malformed or text-less JSONL line, duplicate, unsupported file type), with a reason.",
}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(name, group_name="ingest", description=text, kinds={"python", "polars", "parquet"})
        for name, text in INGEST_TABLES.items()
    ],
)
def ingested_corpus(context: dg.AssetExecutionContext, paths: BaochiPaths):
    """Reads every file below the corpus folder once and writes the three ingest tables."""
    step = {"next": 0}

    def progress(done: int, total: int) -> None:
        if done >= step["next"] or done == total:
            context.log.info(f"ingest: {done:,}/{total:,} files read")
            step["next"] = done + max(100, total // 10)

    context.log.info(f"ingest: reading {paths.corpus}")
    tables = ingest_corpus(paths.corpus, paths.max_bytes, progress=progress)
    for name, df in tables.items():
        path = write_table(df, paths.warehouse, name)
        metadata = table_metadata(df.drop("text", strict=False), path)
        if name == "rejects" and df.height:
            reasons = df.group_by("reason").len().sort("reason")
            metadata["reasons"] = dg.MetadataValue.md(markdown_preview(reasons, reasons.height))
        yield dg.MaterializeResult(asset_key=name, metadata=metadata)
