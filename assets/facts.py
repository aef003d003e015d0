"""Facts layer: the extractors of baochi.facts as assets, generated from the registry.

Per-document extractors share one pass over the articles (one multi-asset); each corpus-level
builder (entities, stories) is its own asset reading the tables it names in INPUTS (and, per batch,
in PER_BATCH); `make run` builds those ahead while the last batch is checked, and the asset takes that table if
no batch table changed since (baochi.facts.corpus_build).
"""

import dagster as dg

from assets.metadata import progress_logger, table_metadata
from assets.partitions import corpus_batches
from baochi.facts.batch_cache import warm_batch
from baochi.facts.corpus_build import build_table, inputs_of, take_ahead
from baochi.facts.registry import corpus_builders, document_extractors
from baochi.facts.run import extract_facts
from baochi.storage import read_table, write_table
from pipelines.resources import BaochiPaths

KINDS = {"python", "polars", "parquet"}
# Corpus-level assets follow new batches (sensor runs), unless a blocking check upstream failed.
AFTER_CHECKS = dg.AutomationCondition.eager() & dg.AutomationCondition.all_deps_blocking_checks_passed()


def _doc(module) -> str:
    return (module.__doc__ or module.TABLE).strip().splitlines()[0]


def build_document_facts_asset() -> dg.AssetsDefinition:
    modules = document_extractors()

    @dg.multi_asset(
        name="extracted_facts",
        specs=[
            dg.AssetSpec(m.TABLE, group_name="facts", description=_doc(m), kinds=KINDS, deps=["articles", "segments"])
            for m in modules
        ],
        partitions_def=corpus_batches,
    )
    def extracted_facts(context: dg.AssetExecutionContext, paths: BaochiPaths):
        """One batch's articles through every document extractor (a process pool across cores)."""
        batch = context.partition_key
        articles = read_table(paths.warehouse, "articles", partition=batch)
        segments = read_table(paths.warehouse, "segments", partition=batch)
        tables = extract_facts(articles, segments, progress=progress_logger(context, "facts", "articles", 200))
        for name, df in tables.items():
            path = write_table(df, paths.warehouse, name, partition=batch)
            yield dg.MaterializeResult(asset_key=name, metadata=table_metadata(df, path))
        # the per-batch part of corpus-level tables (stories' term counts), made here once per batch
        warm_batch(paths.warehouse, corpus_builders(), path.name, {"articles", "segments", *tables})

    return extracted_facts


def build_corpus_asset(module) -> dg.AssetsDefinition:
    @dg.asset(name=module.TABLE, group_name="facts", deps=inputs_of(module), kinds=KINDS, description=_doc(module),
              automation_condition=AFTER_CHECKS)
    def corpus_table(context: dg.AssetExecutionContext, paths: BaochiPaths) -> dg.MaterializeResult:
        df = take_ahead(paths.warehouse, module.TABLE)  # built while the last batch was checked (`make run`)
        if df is None:
            df = build_table(module, paths.warehouse)
        else:
            context.log.debug(f"{module.TABLE}: built ahead, beside the last batch's checks")
        return dg.MaterializeResult(metadata=table_metadata(df, write_table(df, paths.warehouse, module.TABLE)))

    return corpus_table


FACT_ASSETS = [build_document_facts_asset(), *[build_corpus_asset(m) for m in corpus_builders()]]
DOCUMENT_FACT_TABLES = [m.TABLE for m in document_extractors()]
FACT_TABLES = DOCUMENT_FACT_TABLES + [m.TABLE for m in corpus_builders()]
