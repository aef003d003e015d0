"""Ingestion over hostile corpora: every input ends in articles or rejects, text kept exactly."""

import json

import pytest

from baochi.articles import article_id, parse_published
from baochi.corpus import ingest_corpus
from baochi.hostile import build
from baochi.ingest import REJECT_REASONS, read_corpus


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    return root, build(root), ingest_corpus(root)


def test_every_input_is_accounted_for_exactly_once(hostile):
    _, expect, tables = hostile
    seen = tables["articles"]["source_file"].to_list() + tables["rejects"]["source_file"].to_list()
    assert sorted(seen) == sorted(expect)


@pytest.mark.parametrize("reason", sorted(set(REJECT_REASONS) - {"unreadable"}))
def test_each_hostile_kind_ends_with_its_reason(hostile, reason):
    _, expect, tables = hostile
    wanted = {k for k, (kind, v) in expect.items() if kind == "reject" and v == reason}
    got = set(tables["rejects"].filter(reason=reason)["source_file"].to_list())
    assert wanted and got == wanted
    assert all(tables["rejects"].filter(reason=reason)["detail"].str.len_chars() > 5)


def test_decodable_inputs_keep_exactly_their_original_text(hostile):
    _, expect, tables = hostile
    texts = dict(zip(tables["articles"]["source_file"], tables["articles"]["text"]))
    for source, (kind, value) in expect.items():
        if kind == "article":
            assert texts[source] == value, source


def test_duplicates_name_the_kept_article(hostile):
    _, _, tables = hostile
    kept = dict(zip(tables["articles"]["article_id"], tables["articles"]["source_file"]))
    dups = tables["rejects"].filter(reason="duplicate")
    for row in dups.iter_rows(named=True):
        assert row["duplicate_of"] in kept and kept[row["duplicate_of"]] in row["detail"]


def test_article_ids_are_unique_and_derived_from_text(hostile):
    _, _, tables = hostile
    arts = tables["articles"]
    assert arts["article_id"].n_unique() == arts.height
    assert all(article_id(t) == a for t, a in zip(arts["text"], arts["article_id"]))


def test_html_pasted_as_text_is_kept_verbatim_and_flagged(hostile):
    _, _, tables = hostile
    row = tables["articles"].filter(source_file="h_pasted.html.txt").row(0, named=True)
    assert row["has_markup"] and row["text"].startswith("<html>")


def test_jsonl_metadata_wins(hostile):
    _, _, tables = hostile
    row = tables["articles"].filter(source_file="p_feed.jsonl#L1").row(0, named=True)
    assert (row["outlet_id"], row["url"], str(row["published_date"]), row["external_id"]) == (
        "tuoitre.vn", "https://tuoitre.vn/a-1.htm", "2021-12-31", "x1")
    assert row["reference_year"] == 2021


def test_size_limit_is_configurable(tmp_path):
    (tmp_path / "a.txt").write_text("Tin ngắn nhưng vẫn là một bài báo thật.\n" * 50, encoding="utf-8")
    items = list(read_corpus(tmp_path, max_bytes=100))
    assert [(i.reason, i.n_bytes > 100) for i in items] == [("too_large", True)]


def test_missing_corpus_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="corpus folder not found"):
        list(read_corpus(tmp_path / "nope"))


def test_real_jsonl_corpus_ingests_whole(tmp_path):
    from tests.conftest import DANTRI

    if not DANTRI.exists():
        pytest.skip("dantri corpus not present")
    lines = DANTRI.read_text(encoding="utf-8").splitlines()[:400]
    (tmp_path / "dantri.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    tables = ingest_corpus(tmp_path)
    arts = tables["articles"]
    assert arts.height + tables["rejects"].height == 400
    assert set(arts["outlet_id"]) == {"dantri.com.vn"}
    assert arts["published_date"].null_count() == 0
    first = json.loads(lines[0])
    row = arts.filter(source_file="dantri.jsonl#L1").row(0, named=True)
    assert (row["title"], row["category"], row["external_id"]) == (first["title"], first["category"], first["doc_id"])


@pytest.mark.parametrize(
    "value,expected",
    [("20201001", "2020-10-01"), ("2021-12-31T08:00:00+07:00", "2021-12-31"), ("31/12/2021", "2021-12-31"),
     ("2021-02-31", None), ("yesterday", None), (None, None)],
)
def test_published_dates(value, expected):
    parsed = parse_published(value)
    assert (str(parsed) if parsed else None) == expected
