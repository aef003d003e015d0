"""The reference entities (seeds/entities.csv) and the aliases that need care when matched."""

from __future__ import annotations

import csv
import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from baochi.warehouse import SEEDS_DIR

ENTITY_TYPES = ("PERSON", "ORGANIZATION", "LOCATION", "MEDIA")


@dataclass(frozen=True)
class Entity:
    entity_id: str
    name: str
    entity_type: str
    country: str | None
    wikidata_id: str | None
    aliases: tuple[str, ...]


def fold(surface: str) -> str:
    """Case- and spacing-insensitive key of a surface (diacritics kept: they carry meaning)."""
    return " ".join(unicodedata.normalize("NFC", surface).casefold().split())


@dataclass
class Reference:
    entities: dict[str, Entity]
    aliases: dict[str, str]  # surface as written -> entity_id
    folded: dict[str, str]  # fold(surface) -> entity_id
    rules: dict[str, str]  # surface -> "capitalized_only" | "needs_context"

    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_reference(seeds_dir: Path = SEEDS_DIR) -> Reference:
    entities, aliases, folded = {}, {}, {}
    for row in _rows(seeds_dir / "entities.csv"):
        names = [a.strip() for a in row["aliases"].split("|") if a.strip()]
        entity = Entity(
            row["entity_id"], row["name"], row["entity_type"], row.get("country") or None,
            row.get("wikidata_id") or None, tuple(dict.fromkeys([row["name"], *names])),
        )
        entities[entity.entity_id] = entity
        for alias in entity.aliases:
            aliases.setdefault(unicodedata.normalize("NFC", alias), entity.entity_id)
            folded.setdefault(fold(alias), entity.entity_id)
    rules = {r["alias"]: r["rule"] for r in _rows(seeds_dir / "ambiguous_aliases.csv")}
    return Reference(entities, aliases, folded, rules)


@functools.cache
def default_reference() -> Reference:
    return load_reference()
