"""`entities`: the reference entities plus every name discovered in the corpus, one row each.

Built from counts made per batch (PER_BATCH, kept between runs by baochi.facts.batch_cache), not
from every mention: adding ten articles to 20,000 counts ten articles' mentions, then sums. The sums
are exact because an article lies in one batch (a later copy is rejected as a duplicate at ingest),
so its distinct articles per entity add up across batches, and a name's commonest type is read from
summed (entity, surface, type) counts. Batches ingested at once (a parallel backfill) could both
take one article: its entities' n_articles would count it twice, but the articles-unique check
across batches (in `stories_quality`, blocking) stops that refresh before the DuckDB load.
"""

import polars as pl

from baochi.entities.reference import default_reference

TABLE = "entities"
INPUTS: list[str] = []  # everything comes from the per-batch counts
PER_BATCH = {"entity_surfaces": (["mentions"], "surface_counts"), "entity_articles": (["mentions"], "article_counts")}
COLUMNS = {"mentions": ["article_id", "surface", "entity_id", "entity_type"]}
SORT_KEY = ["entity_id"]
SCHEMA = {
    "entity_id": pl.String,
    "name": pl.String,
    "entity_type": pl.String,
    "country": pl.String,
    "wikidata_id": pl.String,
    "aliases": pl.String,  # `|`-separated spellings
    "origin": pl.String,  # reference | discovered
    "n_mentions": pl.Int64,
    "n_articles": pl.Int64,
}


def surface_counts(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """(entity_id, surface, entity_type, n): how often some mentions spell an entity so, with that type."""
    return (tables["mentions"].group_by("entity_id", "surface", "entity_type").agg(n=pl.len().cast(pl.Int64))
            .sort("entity_id", "surface", "entity_type"))


def article_counts(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """(entity_id, n_mentions, n_articles) over some mentions."""
    return (tables["mentions"].group_by("entity_id")
            .agg(n_mentions=pl.len().cast(pl.Int64), n_articles=pl.col("article_id").n_unique().cast(pl.Int64))
            .sort("entity_id"))


def build(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """From the per-batch counts (`entity_surfaces`, `entity_articles`), or from `mentions` given whole."""
    if "entity_surfaces" in tables:
        surfaces, articles = tables["entity_surfaces"], tables["entity_articles"]
    else:
        surfaces, articles = surface_counts(tables), article_counts(tables)
    counts = articles.group_by("entity_id").agg(pl.col("n_mentions").sum(), pl.col("n_articles").sum())
    ref = default_reference()
    reference = pl.DataFrame(
        [
            {"entity_id": e.entity_id, "name": e.name, "entity_type": e.entity_type, "country": e.country,
             "wikidata_id": e.wikidata_id, "aliases": "|".join(e.aliases), "origin": "reference"}
            for e in ref.entities.values()
        ],
        schema={k: v for k, v in SCHEMA.items() if not k.startswith("n_")},
    )
    new = (  # per spelling: how often, and its commonest type (the first in order on a tie)
        surfaces.filter(~pl.col("entity_id").is_in(list(ref.entities)))
        .group_by("entity_id", "surface", "entity_type").agg(pl.col("n").sum())
        .sort(["entity_id", "surface", "n", "entity_type"], descending=[False, False, True, False])
        .group_by("entity_id", "surface", maintain_order=True)
        .agg(pl.col("n").sum(), pl.col("entity_type").first())
        .sort(["entity_id", "n", "surface"], descending=[False, True, False])
        .group_by("entity_id", maintain_order=True)
        .agg(
            name=pl.col("surface").first(),
            entity_type=pl.col("entity_type").first(),
            aliases=pl.col("surface").sort().str.join("|"),
        )
        .with_columns(country=pl.lit(None, pl.String), wikidata_id=pl.lit(None, pl.String), origin=pl.lit("discovered"))
        .select(reference.columns)
    )
    return (
        pl.concat([reference, new])
        .join(counts, on="entity_id", how="left")
        .with_columns(pl.col("n_mentions", "n_articles").fill_null(0))
        .select(list(SCHEMA))
        .sort(SORT_KEY)
    )
