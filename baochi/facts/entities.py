"""`entities`: the reference entities plus every name discovered in the corpus, one row each."""

import polars as pl

from baochi.entities.reference import default_reference

TABLE = "entities"
INPUTS = ["mentions"]
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


def build(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    mentions = tables["mentions"]
    counts = mentions.group_by("entity_id").agg(
        n_mentions=pl.len().cast(pl.Int64), n_articles=pl.col("article_id").n_unique().cast(pl.Int64)
    )
    ref = default_reference()
    reference = pl.DataFrame(
        [
            {"entity_id": e.entity_id, "name": e.name, "entity_type": e.entity_type, "country": e.country,
             "wikidata_id": e.wikidata_id, "aliases": "|".join(e.aliases), "origin": "reference"}
            for e in ref.entities.values()
        ],
        schema={k: v for k, v in SCHEMA.items() if not k.startswith("n_")},
    )
    new = (
        mentions.filter(~pl.col("entity_id").is_in(list(ref.entities)))
        .group_by("entity_id", "surface")
        .agg(n=pl.len(), entity_type=pl.col("entity_type").mode().sort().first())
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
