"""(Re)build seeds/entities.csv, the gazetteer that links surface mentions to stable entity ids.

Why a script: the fact extractor needs one reference table of people, places, organisations and
media with every spelling the Vietnamese press uses. Hand-typing 250 countries is error-prone, so
countries come from `pycountry` (ISO 3166-1 English names + its Vietnamese gettext translations),
media from seeds/outlets.csv, and everything else from the hand-curated seeds/entities_curated.csv.
Nothing is downloaded; the pipeline only reads the CSV this writes.

    python scripts/build_entities.py [OUT_CSV]

Curated file (same columns as the output; a row whose entity_id starts with `#` is a comment):
- a row whose entity_id already exists (a pycountry country, an outlet) overrides that entity's
  non-empty name/country/wikidata_id and appends its aliases; an alias written `-X` removes X;
- any other row adds an entity. The name is always made an alias.
Every alias with an open `oa`/`oe`/`uy` syllable also gets its other tone placement (Hòa/Hoà).
The build fails if an alias (case-folded) would name two entities.
"""

from __future__ import annotations

import csv
import itertools
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
COLUMNS = ["entity_id", "name", "entity_type", "country", "wikidata_id", "aliases"]
PREFIX = {"PERSON": "per", "ORGANIZATION": "org", "LOCATION": "loc", "MEDIA": "media"}

# English slugs for ISO names that are inverted ("Korea, Republic of") or renamed across
# pycountry releases (Türkiye), so entity ids stay stable.
COUNTRY_SLUGS = {
    "RU": "russia", "KR": "south-korea", "KP": "north-korea", "TR": "turkey", "CD": "dr-congo",
    "FM": "micronesia", "PS": "palestine", "VA": "vatican", "BN": "brunei", "VG": "british-virgin-islands",
    "VI": "us-virgin-islands", "BQ": "caribbean-netherlands", "SH": "saint-helena", "MF": "saint-martin",
    "SX": "sint-maarten", "FK": "falkland-islands", "CC": "cocos-islands", "CZ": "czech-republic",
}

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_OPEN_PAIR = re.compile(r"(?<!q)(oa|oe|uy)$")
_COUNTRY = re.compile(r"^([A-Z]{2}|INT)?$")
_QID = re.compile(r"^(Q[1-9][0-9]*)?$")


def ascii_fold(text: str) -> str:
    """Vietnamese/Latin text without diacritics (đ -> d)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")


def _retone(syllable: str) -> list[str]:
    """A syllable and, for open oa/oe/uy with a tone mark, the same with the other placement."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) != 1:
        return [syllable]
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    if not _OPEN_PAIR.search(base.lower()):
        return [syllable]
    forms = [unicodedata.normalize("NFC", base[: i + 1] + tones[0] + base[i + 1 :]) for i in (len(base) - 2, len(base) - 1)]
    return [syllable] + [f for f in forms if f != syllable]


def tone_variants(alias: str) -> list[str]:
    """The alias first, then every other tone placement of its open oa/oe/uy syllables."""
    parts = re.split(r"(\w+)", unicodedata.normalize("NFC", alias))
    choices = [_retone(p) if i % 2 else [p] for i, p in enumerate(parts)]
    return ["".join(combo) for combo in itertools.product(*choices)]


def _split(aliases: str) -> list[str]:
    return [a.strip() for a in aliases.split("|") if a.strip()]


def _entity(entity_id, name, entity_type, country="", wikidata_id="", aliases=()):
    return {"entity_id": entity_id, "name": name, "entity_type": entity_type, "country": country,
            "wikidata_id": wikidata_id, "aliases": list(aliases)}


def country_entities() -> list[dict]:
    """Every ISO 3166-1 country: English name/common/official names and the Vietnamese translations."""
    import gettext

    import pycountry

    vi = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["vi"])
    rows = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        english = getattr(country, "common_name", None) or country.name
        base = re.sub(r"\s*\(.*?\)", "", english).strip()
        slug = COUNTRY_SLUGS.get(country.alpha_2) or slugify(base)
        if "," in base and country.alpha_2 not in COUNTRY_SLUGS:
            raise ValueError(f"{country.alpha_2}: inverted name {english!r} needs a COUNTRY_SLUGS entry")
        names = [country.name, getattr(country, "common_name", ""), getattr(country, "official_name", "")]
        candidates = []
        for n in filter(None, names):
            candidates += [n, re.sub(r"\s*\(.*?\)", "", n).strip(), vi.gettext(n)]
        # The ISO short name stays even when inverted, so every ISO name resolves; other inverted forms go.
        aliases = [country.name] + [a for a in candidates if a and "," not in a]
        name = next((n for n in (english, *names) if n and "," not in n), country.name)
        rows.append(_entity(f"loc:{slug}", name, "LOCATION", country.alpha_2, "", aliases))
    return rows


def outlet_entities(path: Path) -> list[dict]:
    """One MEDIA entity per outlet in seeds/outlets.csv (name + markers as aliases)."""
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            base = re.sub(r"\s*\(.*?\)", "", row["name"]).strip()
            slug = slugify(re.sub(r"^The\s+", "", base))
            rows.append(_entity(f"media:{slug}", row["name"], "MEDIA", row["country"], "",
                                [row["name"], *_split(row.get("markers", ""))]))
    return rows


def read_curated(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for n, row in enumerate(csv.reader(handle), start=1):
            if not row or not row[0].strip() or row[0].startswith("#") or row[0] == "entity_id":
                continue
            if len(row) != len(COLUMNS):
                raise ValueError(f"{path.name}:{n}: expected {len(COLUMNS)} fields, got {len(row)}: {row}")
            fields = dict(zip(COLUMNS, (c.strip() for c in row)))
            rows.append(_entity(**{**fields, "aliases": _split(fields["aliases"])}))
    return rows


def merge(generated: list[dict], curated: list[dict]) -> list[dict]:
    """Apply curated overrides/additions to generated entities (see module docstring)."""
    by_id: dict[str, dict] = {}
    for row in generated:
        if row["entity_id"] in by_id:
            raise ValueError(f"generated id {row['entity_id']} twice")
        by_id[row["entity_id"]] = row
    seen_curated: set[str] = set()
    for row in curated:
        eid = row["entity_id"]
        if eid in seen_curated:
            raise ValueError(f"curated id {eid} twice")
        seen_curated.add(eid)
        adds = [a for a in row["aliases"] if not a.startswith("-")]
        drops = [a[1:] for a in row["aliases"] if a.startswith("-")]
        target = by_id.get(eid)
        if target is None:
            if drops or not row["name"]:
                raise ValueError(f"curated {eid}: new entities need a name and cannot remove aliases")
            by_id[eid] = {**row, "aliases": adds}
            continue
        if row["entity_type"] and row["entity_type"] != target["entity_type"]:
            raise ValueError(f"curated {eid}: type {row['entity_type']} != {target['entity_type']}")
        for drop in drops:
            if drop not in target["aliases"]:
                raise ValueError(f"curated {eid}: cannot remove {drop!r}, not an alias of it")
            target["aliases"] = [a for a in target["aliases"] if a != drop]
        for key in ("name", "country", "wikidata_id"):
            if row[key]:
                target[key] = row[key]
        target["aliases"] = adds + target["aliases"]
    return list(by_id.values())


def finalize(rows: list[dict]) -> list[dict]:
    """Name first in aliases, tone variants added, exact duplicates dropped; validated; sorted by id."""
    owner: dict[str, str] = {}
    clashes = []
    for row in rows:
        eid, etype = row["entity_id"], row["entity_type"]
        if PREFIX.get(etype) != eid.split(":", 1)[0] or eid != f"{PREFIX[etype]}:{slugify(eid.split(':', 1)[1])}":
            raise ValueError(f"{eid}: id must be '{PREFIX.get(etype)}:<ascii-slug>' for type {etype}")
        if not _COUNTRY.match(row["country"]) or not _QID.match(row["wikidata_id"]):
            raise ValueError(f"{eid}: bad country {row['country']!r} or wikidata id {row['wikidata_id']!r}")
        expanded = [v for alias in [row["name"], *row["aliases"]] for v in tone_variants(alias)]
        row["aliases"] = list(dict.fromkeys(expanded))
        for alias in row["aliases"]:
            key = alias.casefold()
            other = owner.setdefault(key, eid)
            if other != eid:
                clashes.append(f"{alias!r}: {other} and {eid}")
    if clashes:
        raise ValueError("aliases naming two entities:\n  " + "\n  ".join(clashes))
    return sorted(rows, key=lambda r: r["entity_id"])


def build(out_path: Path | str, curated_path: Path | str = SEEDS / "entities_curated.csv",
          outlets_path: Path | str = SEEDS / "outlets.csv") -> int:
    """Write the entities CSV to out_path (deterministically); returns the number of rows."""
    generated = country_entities() + outlet_entities(Path(outlets_path))
    rows = finalize(merge(generated, read_curated(Path(curated_path))))
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with open(out_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([*(row[c] for c in COLUMNS[:-1]), "|".join(row["aliases"])])
    return len(rows)


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else SEEDS / "entities.csv"
    count = build(out)
    print(f"wrote {count} entities to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
