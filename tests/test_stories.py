"""Corpus-level tables built in pieces equal those built at once: stories a chunk of articles at a
time (memory follows the chunk, not the corpus: the chunk size must not change which articles are
linked, nor the labels), entities from counts made per batch."""

import random
import shutil

import polars as pl
import pytest

from baochi.corpus import ingest_corpus
from baochi.facts import entities, stories
from baochi.facts.run import extract_facts
from tests.conftest import DANTRI, SEEDS


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    if not DANTRI.exists():
        pytest.skip(f"real corpus not present at {DANTRI}")
    root = tmp_path_factory.mktemp("corpus")
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, root / path.name)
    with open(DANTRI, encoding="utf-8") as src:
        (root / "dantri.jsonl").write_text("".join(line for _, line in zip(range(300), src)), encoding="utf-8")
    out = ingest_corpus(root)
    out.update(extract_facts(out["articles"], out["segments"], workers=1))
    out["entities"] = entities.build(out)
    return out


def test_chunked_linking_equals_one_chunk(tables, monkeypatch):
    monkeypatch.setattr(stories, "LINK_CHUNK", 10**9)
    whole = stories.build(tables)
    linked = whole.filter(whole["n_articles"] > 1)
    assert linked.height >= 2, "the corpus should hold at least one multi-article story"
    for chunk in (1, 7, 64):
        monkeypatch.setattr(stories, "LINK_CHUNK", chunk)
        assert stories.build(tables).equals(whole), f"LINK_CHUNK={chunk} changed the stories"


@pytest.fixture(scope="module")
def bulletins(tmp_path_factory):
    """Dân trí's daily Covid-19 case reports (the rows that say `ca mắc mới`), with their dates."""
    if not DANTRI.exists():
        pytest.skip(f"real corpus not present at {DANTRI}")
    root = tmp_path_factory.mktemp("bulletins")
    with open(DANTRI, encoding="utf-8") as src:
        (root / "dantri.jsonl").write_text("".join(line for line in src if "ca mắc mới" in line), encoding="utf-8")
    out = ingest_corpus(root)
    out.update(extract_facts(out["articles"], out["segments"], workers=1))
    out["entities"] = entities.build(out)
    return out


def _date_spans(tables, built):
    import polars as pl

    dated = built.join(tables["articles"].select("article_id", "published_date"), on="article_id")
    return (dated.filter(pl.col("n_articles") > 1).group_by("story_id")
            .agg(days=(pl.col("published_date").max() - pl.col("published_date").min()).dt.total_days())["days"].to_list())


def test_daily_bulletins_do_not_chain_into_one_story(bulletins, monkeypatch):
    """Each day's report is much like the next day's; linked pair by pair they would make one story
    of weeks. A story's articles lie within MAX_SPAN_DAYS of each other, and near days still group."""
    limit = stories.MAX_SPAN_DAYS
    spans = _date_spans(bulletins, stories.build(bulletins))
    assert spans, "consecutive days' reports should still form stories"
    assert max(spans) <= limit
    monkeypatch.setattr(stories, "MAX_SPAN_DAYS", 10**6)  # without the rule they do chain: the input exercises it
    assert max(_date_spans(bulletins, stories.build(bulletins))) > limit


def test_a_report_a_year_later_on_the_same_date_is_another_story(bulletins):
    """Anchor days compare day and month; where both publication years are known they must agree too.
    The same bulletins, with one member of a story moved to the same date a year later, leave it."""
    import polars as pl

    built = stories.build(bulletins)
    story = built.filter(pl.col("n_articles") >= 2).sort("story_id", "article_id")
    moved = story["article_id"][0]
    others = story.filter(pl.col("story_id") == story["story_id"][0])["article_id"].to_list()[1:]
    articles = bulletins["articles"].with_columns(
        pl.when(pl.col("article_id") == moved).then(pl.col("published_date").dt.offset_by("1y"))
        .otherwise(pl.col("published_date")).alias("published_date"))
    assert articles.filter(pl.col("article_id") == moved)["published_date"].dt.year().item() == \
        bulletins["articles"].filter(pl.col("article_id") == moved)["published_date"].dt.year().item() + 1
    rebuilt = stories.build({**bulletins, "articles": articles})
    story_of = dict(rebuilt.select("article_id", "story_id").iter_rows())
    assert all(story_of[other] != story_of[moved] for other in others)


def _three_batches(tables, names: list[str]) -> list[dict[str, pl.DataFrame]]:
    """The named tables split into three batches of interleaved articles (every third article id)."""
    ids = tables["articles"]["article_id"].unique().sort()
    return [{t: tables[t].filter(pl.col("article_id").is_in(ids.gather_every(3, offset).implode())) for t in names}
            for offset in range(3)]


def _per_batch_counts(batches: list[pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """What baochi.facts.batch_cache hands entities.build: each PER_BATCH function over each batch's
    mentions, concatenated."""
    return {name: pl.concat([getattr(entities, function)({"mentions": b}) for b in batches])
            for name, (_, function) in entities.PER_BATCH.items()}


def test_entities_from_per_batch_counts_equal_entities_from_every_mention(tables):
    mentions = tables["mentions"]
    batches = [b["mentions"] for b in _three_batches(tables, ["mentions"])]
    parts = _per_batch_counts(batches)
    assert entities.build(parts).equals(entities.build({"mentions": mentions}))
    # not trivially: some discovered names are spelt several ways, spread over batches
    spread = {e for e in mentions["entity_id"].unique() if sum(e in set(b["entity_id"]) for b in batches) > 1}
    spelt = entities.build({"mentions": mentions}).filter(pl.col("aliases").str.contains("|", literal=True)
                                                           & (pl.col("origin") == "discovered"))
    assert len(set(spelt["entity_id"]) & spread) >= 5


def test_a_discovered_name_takes_its_commonest_spelling_and_type_summed_over_batches():
    def batch(article, rows):  # (surface, type, how many) of new:x; then new:y once as PERSON or ORGANIZATION
        tie = {"a1": "PERSON", "a2": "ORGANIZATION"}.get(article)
        return pl.DataFrame([(article, s, "new:x", t) for s, t, n in rows for _ in range(n)]
                            + ([(article, "Y", "new:y", tie)] if tie else []), orient="row",
                            schema=["article_id", "surface", "entity_id", "entity_type"])
    batches = [batch("a1", [("Hai Van", "PERSON", 2), ("Hai Van", "ORGANIZATION", 1), ("Hải Vân", "LOCATION", 1)]),
               batch("a2", [("Hai Van", "LOCATION", 2), ("Hai Van", "ORGANIZATION", 1)]),
               batch("a3", [("Hai Van", "ORGANIZATION", 1), ("Hải Vân", "LOCATION", 1)])]
    parts = _per_batch_counts(batches)
    (row,) = entities.build(parts).filter(pl.col("entity_id") == "new:x").to_dicts()
    # Hai Van 7 times: ORGANIZATION 3, though no batch spells it most often so (PERSON 2, LOCATION 2)
    assert (row["name"], row["entity_type"], row["aliases"]) == ("Hai Van", "ORGANIZATION", "Hai Van|Hải Vân")
    assert (row["n_mentions"], row["n_articles"]) == (9, 3)
    (tied,) = entities.build(parts).filter(pl.col("entity_id") == "new:y")["entity_type"]
    assert tied == "ORGANIZATION"  # once each: the tie goes to the first type


def test_stories_from_per_batch_terms_equal_stories_from_every_segment(tables):
    """The per-batch term counts come concatenated batch after batch, so articles are not numbered
    in id order; the stories are the same as from one pass over every segment."""
    terms = pl.concat([stories.term_counts(b) for b in _three_batches(tables, ["segments", "mentions"])])
    assert not terms["article_id"].is_sorted()
    whole = stories.build(tables)
    assert whole.filter(pl.col("n_articles") > 1).height >= 2
    assert stories.build({**tables, "story_terms": terms}).equals(whole)


def test_an_article_keeps_its_top_terms_and_on_equal_weights_the_smaller_terms():
    rng = random.Random(7)
    terms = [rng.randrange(-(2**63), 2**63) for _ in range(60)]  # distinct: a clash is a 1 in 2**55 chance
    n = [3] * 5 + [1] * 55  # five terms weigh more; the other 55 weigh the same
    tf = pl.DataFrame({"code": [0] * 60, "term": terms, "n": n}, schema={"code": pl.UInt32, "term": pl.Int64, "n": pl.UInt32})
    kept = stories._weights(tf.sample(fraction=1.0, shuffle=True, seed=1), n_docs=100)
    assert kept.height == stories.TOP_TERMS
    expected = set(terms[:5]) | set(sorted(terms[5:])[: stories.TOP_TERMS - 5])
    assert set(kept["term"]) == expected


def test_terms_of_unknown_articles_or_out_of_order_change_nothing(tables, monkeypatch):
    """Term counts holding articles that are not in the corpus (ahead of the others) or an article's
    rows apart are numbered after leaving those out, or sorting: the same stories."""
    monkeypatch.setattr(stories, "LINK_CHUNK", 7)
    whole = stories.build(tables)
    terms = stories.term_counts(tables)
    unknown = terms.head(2000).with_columns(article_id=pl.lit("zz-not-in-the-corpus-") + pl.col("article_id"))
    assert stories.build({**tables, "story_terms": pl.concat([unknown, terms])}).equals(whole)
    assert stories.build({**tables, "story_terms": terms.sample(fraction=1.0, shuffle=True, seed=3)}).equals(whole)
