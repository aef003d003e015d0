"""`stories`: articles about the same event, grouped.

Two articles are linked when their texts are similar (TF-IDF cosine over syllable unigrams and
bigrams, plus their entities), they share named people or organisations, and the days they talk
about agree (two phone calls between the same leaders six weeks apart are two stories). Stories are
the connected components of those links; the id derives from the member article ids.
"""

import datetime as dt
import hashlib
import math
import re
from collections import Counter, defaultdict

import polars as pl

TABLE = "stories"
INPUTS = ["articles", "segments", "mentions", "time_refs", "entities"]
SORT_KEY = ["story_id", "article_id"]
SCHEMA = {
    "story_id": pl.String,
    "article_id": pl.String,
    "story_label": pl.String,
    "story_date": pl.Date,
    "n_articles": pl.Int32,
}
MIN_SIMILARITY = 0.25  # mean of text cosine and people/organisation Jaccard
TOP_TERMS = 25
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_BODY_KINDS = ("title", "lead", "body", "heading")


def _terms(text: str) -> Counter:
    words = [w.lower() for w in _WORD.findall(text)]
    return Counter(words) + Counter(f"{a}_{b}" for a, b in zip(words, words[1:]))


def _tfidf(bags: dict[str, Counter]) -> dict[str, dict[str, float]]:
    df = Counter(t for bag in bags.values() for t in bag)
    n = len(bags)
    vectors = {}
    for aid, bag in bags.items():
        vec = {t: (1 + math.log(c)) * (1 + math.log((1 + n) / (1 + df[t]))) for t, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors[aid] = {t: v / norm for t, v in vec.items()}
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _days_agree(a: set[tuple[int, int]], b: set[tuple[int, int]]) -> bool:
    """Unknown on either side agrees; else some day-month within one day (across year end too)."""
    if not a or not b:
        return True
    for m1, d1 in a:
        for m2, d2 in b:
            x, y = dt.date(2000, m1, d1), dt.date(2000, m2, d2)
            if min(abs((x - y).days), 366 - abs((x - y).days)) <= 1:
                return True
    return False


def _candidate_pairs(vectors: dict[str, dict[str, float]]) -> set[tuple[str, str]]:
    """Pairs sharing at least two of their top terms: avoids comparing every pair on big corpora."""
    index = defaultdict(list)
    for aid, vec in vectors.items():
        for term in sorted(vec, key=lambda t: (-vec[t], t))[:TOP_TERMS]:
            index[term].append(aid)
    shared = Counter()
    for members in index.values():
        if len(members) > 500:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                shared[(min(a, b), max(a, b))] += 1
    return {pair for pair, n in shared.items() if n >= 2}


def build(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    articles, segments, mentions = tables["articles"], tables["segments"], tables["mentions"]
    body = segments.filter(pl.col("kind").is_in(_BODY_KINDS))
    texts = dict(body.group_by("article_id").agg(pl.col("text").str.join("\n")).iter_rows())
    named = mentions.filter(pl.col("segment_kind").is_in(_BODY_KINDS))
    ents = defaultdict(Counter)
    for aid, eid, etype in named.select("article_id", "entity_id", "entity_type").iter_rows():
        ents[aid][eid] += 1
    people = {aid: {e for e in c if not e.startswith(("loc:", "new:loc:"))} for aid, c in ents.items()}
    days = defaultdict(Counter)  # (month, day) -> how often the article names it
    refs = tables["time_refs"].filter(pl.col("segment_kind").is_in(_BODY_KINDS) & pl.col("day").is_not_null())
    for aid, month, day in refs.select("article_id", "month", "day").iter_rows():
        if month:
            days[aid][(month, day)] += 1
    ids = articles["article_id"].sort().to_list()
    bags = {aid: _terms(texts.get(aid, "")) + Counter({f"@{e}": 2 * c for e, c in ents[aid].items()}) for aid in ids}
    vectors = _tfidf(bags)
    pairs = _candidate_pairs(vectors) if len(ids) > 200 else {(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]}
    parent = {aid: aid for aid in ids}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in sorted(pairs):
        pa, pb = people.get(a, set()), people.get(b, set())
        jaccard = len(pa & pb) / len(pa | pb) if pa | pb else 0.0
        dated = bool(days[a]) and bool(days[b])
        similar = (_cosine(vectors[a], vectors[b]) + jaccard) / 2
        if _days_agree(set(days[a]), set(days[b])) and len(pa & pb) >= 2 and similar >= (MIN_SIMILARITY if dated else 0.5):
            ra, rb = find(a), find(b)
            parent[max(ra, rb)] = min(ra, rb)
    groups = defaultdict(list)
    for aid in ids:
        groups[find(aid)].append(aid)
    return _rows(groups, ents, days, tables["entities"], tables["time_refs"])


def _rows(groups, ents, days, entities: pl.DataFrame, time_refs: pl.DataFrame) -> pl.DataFrame:
    names = dict(entities.select("entity_id", "name").iter_rows()) if entities.height else {}
    full_dates = Counter(time_refs.filter(pl.col("date").is_not_null()).select("article_id", "date").iter_rows())
    rows = []
    for members in groups.values():
        story_id = "story:" + hashlib.sha256(",".join(members).encode()).hexdigest()[:12]
        top = sum((ents[a] for a in members), Counter())
        people = [names.get(e, e) for e, _ in sorted(top.items(), key=lambda x: (-x[1], x[0]))
                  if not e.startswith(("loc:", "new:loc:"))][:2]
        day = sum((days[a] for a in members), Counter()).most_common(1)
        dates = Counter({d: n for (a, d), n in full_dates.items() if a in members and day and
                         (d.month, d.day) == day[0][0]})
        story_date = dates.most_common(1)[0][0] if dates else None
        label = ", ".join(people) or "(no names)"
        if day:
            label += f" — {day[0][0][1]:02d}/{day[0][0][0]:02d}"
        rows += [{"story_id": story_id, "article_id": a, "story_label": label, "story_date": story_date,
                  "n_articles": len(members)} for a in members]
    return pl.DataFrame(rows, schema=SCHEMA, orient="row").sort(SORT_KEY) if rows else pl.DataFrame(schema=SCHEMA)
