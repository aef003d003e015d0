"""`stories`: articles about the same event, grouped.

Two articles are linked when their openings are similar (TF-IDF cosine over the syllables and
syllable pairs of title, lead and first paragraphs, plus their entities), they share at least two
people or organisations, and the days they talk about agree (two phone calls between the same
leaders six weeks apart are two stories). Links are taken strongest first, and one that would
stretch a story's anchor days (each article's publication date, else the day its opening names
most) over more than MAX_SPAN_DAYS is left out: a story is one event, so a fortnight of daily case
reports, each much like the next, is several stories, not one chain.
Everything up to the final union-find is Polars joins on article numbers, a chunk of articles at a
time (LINK_CHUNK), so 20,000 articles take seconds and memory follows the chunk more than the corpus.
"""

import hashlib
from collections import Counter, defaultdict

import polars as pl

TABLE = "stories"
INPUTS = ["articles", "mentions", "time_refs", "entities"]  # read whole by the asset
# Computed per batch from these inputs and kept between runs: build() gets it as tables["story_terms"]
# (given segments instead, build() computes it itself).
PER_BATCH = {"story_terms": (["segments", "mentions"], "term_counts")}
SORT_KEY = ["story_id", "article_id"]
SCHEMA = {
    "story_id": pl.String,
    "article_id": pl.String,
    "story_label": pl.String,
    "story_date": pl.Date,
    "n_articles": pl.Int32,
}
MIN_SIMILARITY = 0.2  # mean of text cosine and people/organisation Jaccard
MAX_SPAN_DAYS = 3  # the day-months a story's openings name lie within this many days (one event)
TOP_TERMS = 40  # per article, for blocking and the cosine
MAX_DF = 300  # a term in more articles than this does not make candidate pairs
OPENING = 4  # title, lead and the first body paragraphs describe the event
CHUNK = 4000  # articles whose words are counted at once
LINK_CHUNK = 5000  # articles weighed and joined at once (stories' memory follows it, not the corpus)
PAIR_CHUNK = 1_000_000  # candidate pairs scored at once
# Only these columns are read (the asset passes them to read_table): text stays out of memory.
COLUMNS = {
    "articles": ["article_id", "published_date"],
    "segments": ["article_id", "seq", "kind", "text"],
    "mentions": ["article_id", "entity_id", "entity_type", "segment_kind"],
    "time_refs": ["article_id", "char_start", "month", "day", "date", "segment_kind"],
    "entities": ["entity_id", "name"],
}
_KINDS = ("title", "lead", "body", "heading")
_PLACES = ("loc:", "new:loc:")


def _term_counts(opening: pl.DataFrame, named: pl.DataFrame) -> pl.DataFrame:
    """(article_id, term, n) for some articles: syllable pairs and entity ids, hashed to 64 bits."""
    words = opening.select("article_id", pl.col("text").str.to_lowercase().str.extract_all(r"[^\W\d_]+").alias("w"))
    pairs = words.select("article_id", pl.col("w").list.eval(pl.element() + " " + pl.element().shift(-1))
                         .list.drop_nulls().alias("term")).explode("term").drop_nulls()
    terms = pl.concat([pairs.with_columns(pl.col("term").hash(seed=7)),
                       named.select("article_id", ("@" + pl.col("entity_id")).hash(seed=7).alias("term"))])
    return terms.group_by("article_id", "term").agg(n=pl.len().cast(pl.UInt32))


# the hash as a signed number: an article's terms are kept in this order, which breaks ties in _weights
TERMS_SCHEMA = {"article_id": pl.String, "term": pl.Int64, "n": pl.UInt32}


def term_counts(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """(article_id, term, n) of some articles' openings, sorted (the part of the work that depends on
    one article alone: the asset computes it per batch and keeps it, see baochi.facts.batch_cache).
    Counted in chunks of articles, so the exploded words never sit in memory all at once."""
    segments, mentions = tables["segments"], tables["mentions"]
    opening = segments.filter(pl.col("kind").is_in(_KINDS)).sort("article_id", "seq").group_by(
        "article_id", maintain_order=True).head(OPENING)
    named = mentions.filter(pl.col("segment_kind").is_in(_KINDS)).select("article_id", "entity_id")
    ids = opening["article_id"].unique().sort()
    if not len(ids):
        return pl.DataFrame(schema=TERMS_SCHEMA)
    return pl.concat([
        _term_counts(opening.filter(pl.col("article_id").is_in(chunk.implode())),
                     named.filter(pl.col("article_id").is_in(chunk.implode())))
        for chunk in (ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK))
    ]).with_columns(pl.col("term").cast(pl.Int64, wrap_numerical=True)).cast(TERMS_SCHEMA).sort("article_id", "term")


def _by_chunk(df: pl.DataFrame, n_docs: int):
    """The rows of articles numbered [lo, lo + LINK_CHUNK), chunk after chunk (`df` sorted by code)."""
    codes = df["code"]
    for lo in range(0, n_docs, LINK_CHUNK):
        start, end = codes.search_sorted(lo, "left"), codes.search_sorted(lo + LINK_CHUNK, "left")
        yield df.slice(start, end - start)


def _weights(tf: pl.DataFrame, n_docs: int) -> pl.DataFrame:
    """(code, term, w, df): sublinear TF-IDF over syllable pairs and entity ids of the article's
    opening, L2-normalised, its top terms only (on equal weights, the smaller term). `tf` has
    (code, term, n), sorted by code then term; document frequencies are counted over all of it, the
    weights a chunk of articles at a time (memory follows the chunk)."""
    code, term = pl.col("code"), pl.col("term")
    in_order = (code > code.shift(1)) | ((code == code.shift(1)) & (term > term.shift(1)))
    if not tf.select(in_order.fill_null(True).all()).item():  # the rank below keeps equal weights in this order
        tf = tf.sort("code", "term")
    tf = tf.with_columns(df=pl.len().over("term").cast(pl.UInt32))
    idf = 1 + ((1 + n_docs) / (1 + pl.col("df"))).log()
    out = []
    for chunk in _by_chunk(tf, n_docs):
        w = chunk.with_columns(w=(1 + pl.col("n").log()) * idf)
        w = w.with_columns(w=pl.col("w") / (pl.col("w") ** 2).sum().over("code").sqrt())
        # an ordinal rank is stable: equal weights keep the terms' order, the smaller term first
        out.append(w.filter(pl.col("w").rank("ordinal", descending=True).over("code") <= TOP_TERMS)
                   .select("code", "term", "w", "df"))
    return pl.concat(out)


def _pairs(w: pl.DataFrame, n_docs: int) -> pl.DataFrame:
    """Candidate pairs (code < code_b) sharing two top terms, with the cosine of their top-term
    vectors; joined a chunk of articles at a time (each with the articles from its first on), so
    memory does not grow with the corpus squared."""
    block = w.filter(pl.col("df") <= MAX_DF).select("code", "term", "w")
    pair = pl.col("code").cast(pl.UInt64) * 2**32 + pl.col("code_b")  # one key: grouped faster than two
    out = []
    for left in _by_chunk(block, n_docs):
        if not len(left):
            continue
        right = block.slice(block["code"].search_sorted(left["code"][0], "left"))
        out.append(left.lazy().join(right.lazy(), on="term", suffix="_b").filter(pl.col("code") < pl.col("code_b"))
                   .select(pair=pair, p=pl.col("w") * pl.col("w_b"))
                   .group_by("pair").agg(shared=pl.len(), cosine=pl.col("p").sum()).filter(pl.col("shared") >= 2)
                   .select(code=(pl.col("pair") // 2**32).cast(pl.UInt32), code_b=(pl.col("pair") % 2**32).cast(pl.UInt32),
                           shared="shared", cosine="cosine").collect())
    if not out:
        return pl.DataFrame(schema={"code": pl.UInt32, "code_b": pl.UInt32, "shared": pl.UInt32, "cosine": pl.Float64})
    return pl.concat(out)


def _scored(pairs: pl.DataFrame, people: pl.DataFrame, sizes: pl.DataFrame) -> pl.DataFrame:
    """Pairs that also share two people or organisations, with their similarity: the mean of the
    text cosine and the Jaccard of the two articles' people (joined through the pairs: no n² blow-up)."""
    common = (pairs.lazy().select("code", "code_b").join(people.lazy(), on="code")
              .join(people.lazy().rename({"code": "code_b"}), on=["code_b", "person"])
              .group_by("code", "code_b").agg(common=pl.len()))
    return (pairs.lazy().join(common, on=["code", "code_b"])
            .join(sizes.lazy(), on="code").join(sizes.lazy().rename({"code": "code_b", "size": "size_b"}), on="code_b")
            .with_columns(similar=(pl.col("cosine") + pl.col("common") / (pl.col("size") + pl.col("size_b") - pl.col("common"))) / 2)
            .filter((pl.col("common") >= 2) & (pl.col("similar") >= MIN_SIMILARITY)).collect())


def _days(time_refs: pl.DataFrame) -> tuple[dict[str, Counter], dict[str, dict[tuple, Counter]]]:
    """Per article, the day-months its opening names (how often), and for each the full dates named
    with it where the text gives a year."""
    refs = time_refs.filter(pl.col("segment_kind").is_in(_KINDS) & pl.col("day").is_not_null() & pl.col("month").is_not_null()
                            ).sort("article_id", "char_start")  # text order: a tie goes to the day named first
    days, dates = defaultdict(Counter), defaultdict(lambda: defaultdict(Counter))
    for aid, month, day, date in refs.select("article_id", "month", "day", "date").iter_rows():
        days[aid][(month, day)] += 1
        if date is not None:
            dates[aid][(month, day)][date.toordinal()] += 1
    return days, dates


_MONTH_STARTS = (0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335)  # a year with 29 February


def _ordinal(md: tuple[int, int]) -> int:
    return _MONTH_STARTS[md[0] - 1] + md[1]


def _days_agree(a: set, b: set) -> bool:
    """Unknown on either side agrees; else some day-month within one day (across year end too)."""
    if not a or not b:
        return True
    return any(min(abs(_ordinal(x) - _ordinal(y)), 366 - abs(_ordinal(x) - _ordinal(y))) <= 1 for x in a for y in b)


_NO_ANCHOR = (frozenset(), frozenset())


def _anchors(articles: pl.DataFrame, days: dict[str, Counter], dates: dict) -> dict[str, tuple[frozenset, frozenset]]:
    """The day an article is about: its publication date, else the day its opening names most often
    (the first named, on a tie); none when neither is known. As (day-month ordinals, calendar days):
    the second is empty unless the year is known too."""
    out = {}
    for aid, named in days.items():
        if named:
            md = named.most_common(1)[0][0]
            full = dates[aid].get(md)
            out[aid] = (frozenset([_ordinal(md)]), frozenset([full.most_common(1)[0][0]]) if full else frozenset())
    dated = articles.filter(pl.col("published_date").is_not_null())
    for aid, published in dated.select("article_id", "published_date").iter_rows():
        out[aid] = (frozenset([_ordinal((published.month, published.day))]), frozenset([published.toordinal()]))
    return out


def _too_long(anchor: tuple[frozenset, frozenset]) -> bool:
    """Whether anchor days spread over more than MAX_SPAN_DAYS: on day-month, or on the calendar."""
    day_month, calendar = anchor
    return _span(day_month) > MAX_SPAN_DAYS or bool(calendar) and max(calendar) - min(calendar) > MAX_SPAN_DAYS


def _span(days: frozenset) -> int:
    """Days from the first to the last of a set of day-months, the shortest way round the year."""
    if len(days) < 2:
        return 0
    ordinals = sorted(days)
    gaps = [b - a for a, b in zip(ordinals, ordinals[1:])] + [ordinals[0] + 366 - ordinals[-1]]
    return 366 - max(gaps)


def _numbered(tf: pl.DataFrame, articles: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`tf` with a number per article (`code`, from 0) in the order of its rows, so the joins stay
    small and a chunk of articles is a slice, and (article_id, code). Per-batch term counts come with
    each article's rows together, numbered as they are; terms of articles not in `articles`, or an
    article's rows apart (any other input), are first left out or sorted."""
    def number(tf: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
        tf = tf.with_columns(code=pl.col("article_id").rle_id())
        return tf, tf.filter(pl.col("code").diff().fill_null(1) != 0).select("article_id", "code")

    corpus = articles["article_id"].implode()
    tf, codes = number(tf)
    if codes["article_id"].is_in(corpus).all() and codes["article_id"].is_unique().all():
        return tf, codes
    return number(tf.filter(pl.col("article_id").is_in(corpus)).sort("article_id", "term"))


def build(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    articles, mentions = tables["articles"], tables["mentions"]
    ids = articles["article_id"].sort().to_list()
    if not ids:
        return pl.DataFrame(schema=SCHEMA)
    tf = tables["story_terms"] if "story_terms" in tables else term_counts(tables)
    tf, codes = _numbered(tf, articles)
    pairs = _pairs(_weights(tf.select("code", "term", "n"), len(ids)), len(ids))
    del tf
    people = (mentions.filter(pl.col("segment_kind").is_in(_KINDS) & ~pl.col("entity_id").str.starts_with("loc:")
                              & ~pl.col("entity_id").str.starts_with("new:loc:"))
              .join(codes, on="article_id")
              .select("code", pl.col("entity_id").cast(pl.Categorical).to_physical().alias("person"))
              .unique())
    sizes = people.group_by("code").agg(size=pl.len())
    scored = pl.concat([_scored(pairs.slice(i, PAIR_CHUNK), people, sizes) for i in range(0, max(len(pairs), 1), PAIR_CHUNK)])
    scored = (scored.join(codes, on="code").join(codes.rename({"article_id": "article_id_b", "code": "code_b"}), on="code_b")
              .select(pl.min_horizontal("article_id", "article_id_b").alias("article_id"),
                      pl.max_horizontal("article_id", "article_id_b").alias("article_id_b"), "similar"))
    linked = pl.concat([scored["article_id"], scored["article_id_b"]]).unique().implode()
    days, dates = _days(tables["time_refs"].filter(pl.col("article_id").is_in(linked)))
    # kept for each story's root: the anchors of all its articles (only linked articles have a root
    # other than themselves)
    anchors = _anchors(articles.filter(pl.col("article_id").is_in(linked)), days, dates)
    parent = {aid: aid for aid in ids}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # strongest links first; a link that would stretch a story's anchor days over more than
    # MAX_SPAN_DAYS is dropped: a fortnight of daily bulletins does not chain into one story, nor
    # does a report with last year's one on the same date (where both years are known)
    # rounded: the sums behind `similar` may differ in their last bits from run to run, the order must not
    links = scored.with_columns(pl.col("similar").round(9)).sort(["similar", "article_id", "article_id_b"],
                                                                 descending=[True, False, False])
    for a, b, similar in links.select("article_id", "article_id_b", "similar").iter_rows():
        dated = bool(days[a]) and bool(days[b])
        if not (_days_agree(set(days[a]), set(days[b])) and (dated or similar >= 0.4)):
            continue
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        (days_a, cal_a), (days_b, cal_b) = anchors.get(ra, _NO_ANCHOR), anchors.get(rb, _NO_ANCHOR)
        both = (days_a | days_b, cal_a | cal_b)
        if _too_long(both):
            continue
        root, other = min(ra, rb), max(ra, rb)
        parent[other] = root
        anchors[root] = both
    groups = defaultdict(list)
    for aid in ids:
        groups[find(aid)].append(aid)
    members = pl.DataFrame(
        [(story_id(group), aid, len(group)) for group in groups.values() for aid in group],
        schema={"story_id": pl.String, "article_id": pl.String, "n_articles": pl.Int32}, orient="row")
    return _label(members, mentions, tables["entities"], tables["time_refs"])


def story_id(members: list[str]) -> str:
    """A story's id from its sorted article ids: the same articles give the same id in any run."""
    return "story:" + hashlib.sha256(",".join(sorted(members)).encode()).hexdigest()[:12]


def _top(df: pl.DataFrame, order: list, value) -> pl.DataFrame:
    """Per story, the first row by `order` (ties broken by the order's later keys), as `value`."""
    return df.sort(["story_id", *order]).group_by("story_id", maintain_order=True).agg(value)


def _label(members: pl.DataFrame, mentions: pl.DataFrame, entities: pl.DataFrame, time_refs: pl.DataFrame) -> pl.DataFrame:
    """The label names the story's two most-mentioned people (then organisations) in the openings,
    with its commonest day-month; story_date is the commonest full date on that day. Ties go to
    the smaller entity id, and to the day or date written first (first article, then text order)."""
    named = (mentions.filter(pl.col("segment_kind").is_in(_KINDS) & pl.col("entity_type").is_in(["PERSON", "ORGANIZATION"]))
             .join(members.select("article_id", "story_id"), on="article_id")
             .group_by("story_id", "entity_type", "entity_id").agg(n=pl.len())
             .with_columns(org=pl.col("entity_type") != "PERSON")
             .join(entities.select("entity_id", "name"), on="entity_id", how="left")
             .with_columns(name=pl.coalesce("name", "entity_id")))
    people = _top(named, ["org", pl.col("n") * -1, "entity_id"], pl.col("name").head(2).str.join(", ").alias("names"))
    refs = (time_refs.sort("article_id", "char_start").with_row_index("pos")
            .join(members.select("article_id", "story_id"), on="article_id"))
    day_counts = (refs.filter(pl.col("segment_kind").is_in(_KINDS) & pl.col("day").is_not_null() & pl.col("month").is_not_null())
                  .group_by("story_id", "month", "day").agg(n=pl.len(), first=pl.col("pos").min()))
    day = _top(day_counts, [pl.col("n") * -1, "first"], [pl.col("month").first(), pl.col("day").first()])
    dates = (refs.filter(pl.col("date").is_not_null()).join(day.rename({"month": "top_month", "day": "top_day"}), on="story_id")
             .filter((pl.col("date").dt.month() == pl.col("top_month")) & (pl.col("date").dt.day() == pl.col("top_day")))
             .group_by("story_id", "date").agg(n=pl.len(), first=pl.col("pos").min()))
    story_date = _top(dates, [pl.col("n") * -1, "first"], pl.col("date").first().alias("story_date"))
    day_text = pl.format(" — {}/{}", pl.col("day").cast(pl.String).str.zfill(2), pl.col("month").cast(pl.String).str.zfill(2))
    return (members.join(people, on="story_id", how="left").join(day, on="story_id", how="left")
            .join(story_date, on="story_id", how="left")
            .with_columns(story_label=pl.coalesce(pl.col("names").replace("", None), pl.lit("(no names)"))
                          + pl.when(pl.col("day").is_not_null()).then(day_text).otherwise(pl.lit("")))
            .select(list(SCHEMA)).cast(SCHEMA).sort(SORT_KEY))
