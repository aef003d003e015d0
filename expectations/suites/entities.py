"""`entities`: one row per canonical entity, from the reference seeds or discovered in the text."""

from expectations.suites.kit import ENTITY_TYPES, at_least, gxe, has_columns, in_set, not_null, unique

TABLE = "entities"
KEY = ["entity_id"]
EXPECTATIONS = [
    has_columns("entity_id", "name", "entity_type", "country", "wikidata_id", "aliases", "origin"),
    unique("entity_id"),
    *not_null("entity_id", "name", "entity_type", "origin"),
    in_set("entity_type", ENTITY_TYPES),
    in_set("origin", ["reference", "discovered"]),
    gxe.ExpectColumnValuesToMatchRegex(column="wikidata_id", regex=r"^Q[1-9][0-9]*$",
                                       why="a Wikidata item id (Q42) when known"),
    at_least("n_mentions", 0),
]
