"""The coverage views (warehouse/sql/*.sql) answer the analysts' questions; `python -m baochi.sql` reads them."""

import datetime as dt
import io
from pathlib import Path

import duckdb
import pytest

from baochi import sql as adhoc
from baochi.warehouse import SQL_DIR
from tests.conftest import SEEDS
from tests.coverage_build import build_warehouse

CONTRACT = {
    "coverage_per_outlet": ["outlet_id", "n_articles", "n_words", "n_stories", "first_date", "last_date"],
    "entity_coverage_by_outlet": ["outlet_id", "entity_id", "entity_name", "entity_type", "n_mentions", "share"],
    "voices_by_outlet": ["outlet_id", "speaker_entity_id", "speaker_name", "speaker_country", "n_quotes"],
    "sources_by_outlet": ["outlet_id", "source_id", "source_name", "role", "n_citations"],
    "facts_by_outlet": ["story_id", "category", "outlet_id", "value", "value_high", "article_id", "surface",
                        "disagrees"],
    "story_coverage": ["story_id", "story_label", "outlet_id", "n_articles", "first_date"],
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("views")
    build_warehouse(SEEDS, path)
    return path


@pytest.fixture(scope="module")
def con(warehouse):
    with duckdb.connect(str(warehouse / "baochi.duckdb"), read_only=True) as c:
        yield c


def rows(con, query, params=None) -> list[dict]:
    cur = con.execute(query, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def test_every_view_has_the_contract_columns(con):
    for view, columns in CONTRACT.items():
        have = [r[0] for r in con.execute(f"DESCRIBE {view}").fetchall()]
        assert set(columns) <= set(have), (view, set(columns) - set(have))


def test_coverage_per_outlet(con):
    got = {r["outlet_id"]: r for r in rows(con, "SELECT * FROM coverage_per_outlet")}
    assert {k: v["n_articles"] for k, v in got.items()} == {
        "congan.com.vn": 1, "vnexpress.net": 1, "vietnamnet.vn": 1, "(unknown)": 2}
    assert got["(unknown)"]["n_stories"] == 1  # 002 and 004 both cover the 30/12 call
    assert got["(unknown)"]["n_words"] == sum(
        r[0] for r in con.execute("SELECT n_words FROM articles WHERE outlet_id IS NULL").fetchall())
    assert got["congan.com.vn"]["first_date"] == dt.date(2021, 12, 30)


def test_entity_coverage_shares_and_segments(con):
    shares = dict(con.execute("SELECT outlet_id, sum(share) FROM entity_coverage_by_outlet GROUP BY 1").fetchall())
    assert set(shares) == {"congan.com.vn", "vnexpress.net", "vietnamnet.vn", "(unknown)"}
    assert all(abs(s - 1) < 1e-9 for s in shares.values())
    top = rows(con, "SELECT * FROM entity_coverage_by_outlet WHERE outlet_id = 'congan.com.vn' "
                    "ORDER BY n_mentions DESC LIMIT 6")
    assert "per:vladimir-putin" in {r["entity_id"] for r in top}
    counted = con.execute("SELECT sum(n_mentions) FROM entity_coverage_by_outlet").fetchone()[0]
    expected = con.execute("SELECT count(*) FROM mentions WHERE entity_id IS NOT NULL AND segment_kind IN "
                           "('title', 'lead', 'body', 'heading', 'caption')").fetchone()[0]
    assert counted == expected  # related links and footers are not the outlet's coverage


def test_voices_name_people_and_group_anonymous_roles(con):
    voices = rows(con, "SELECT * FROM voices_by_outlet")
    assert sum(v["n_quotes"] for v in voices) == con.execute("SELECT count(*) FROM quotes").fetchone()[0]
    official = [v for v in voices if v["outlet_id"] == "congan.com.vn" and v["speaker_name"].lower() ==
                "một quan chức mỹ"]
    assert official and official[0]["speaker_entity_id"] is None and official[0]["speaker_country"] == "US"
    vne = [v for v in voices if v["outlet_id"] == "vnexpress.net"]
    assert vne[0]["speaker_entity_id"] == "per:yury-ushakov" and vne[0]["speaker_name"] == "Yury Ushakov"
    assert {v["speaker_kind"] for v in voices} <= {"named", "role", "unattributed"}


def test_sources_by_outlet(con):
    src = rows(con, "SELECT * FROM sources_by_outlet")
    cnn = [s for s in src if (s["outlet_id"], s["source_id"], s["role"]) == ("vietnamnet.vn", "media:cnn",
                                                                               "news_source")]
    assert cnn and cnn[0]["source_name"] == "CNN" and cnn[0]["n_citations"] >= 1
    assert ("vnexpress.net", "media:vnexpress", "republished_from") in {
        (s["outlet_id"], s["source_id"], s["role"]) for s in src}
    assert {s["role"] for s in src} <= {"news_source", "photo_credit", "republished_from"}


def test_facts_show_the_call_and_flag_the_troops(con):
    facts = rows(con, "SELECT f.*, b.story_label FROM facts_by_outlet f JOIN articles_by_outlet b USING (article_id)")
    call = [f for f in facts if f["category"] == "duration" and f["value"] == 50]
    assert {f["outlet_id"] for f in call} >= {"congan.com.vn", "vnexpress.net"}
    assert len({f["story_id"] for f in call}) == 1 and not any(f["disagrees"] for f in call)
    troops = {(f["outlet_id"], f["value"], f["value_high"], f["disagrees"]) for f in facts if f["category"] == "troops"}
    assert {("congan.com.vn", 100000.0, None, True), ("vnexpress.net", 70000.0, 100000.0, True),
            ("(unknown)", 100000.0, None, True)} <= troops
    assert not any(f["segment_kind"] not in ("title", "lead", "body", "heading") for f in facts)
    assert not any(f["value"] == 100 and f["category"] == "duration" for f in facts)  # `related`: Putin-Macron


def test_story_coverage(con):
    sc = rows(con, "SELECT * FROM story_coverage")
    assert len({r["story_id"] for r in sc}) == 2
    (call_id,) = con.execute("SELECT story_id FROM articles_by_outlet WHERE outlet_id = 'congan.com.vn'").fetchone()
    call = {r["outlet_id"]: r["n_articles"] for r in sc if r["story_id"] == call_id}
    assert call == {"(unknown)": 2, "congan.com.vn": 1, "vnexpress.net": 1}  # the 30/12/2021 phone call
    assert {r["first_date"] for r in sc if r["story_id"] == call_id} == {dt.date(2021, 12, 30)}
    assert all(r["story_label"] for r in sc) and {r["n_outlets"] for r in sc if r["story_id"] == call_id} == {3}


# The disagreement rule on hand-made figures, independent of extraction quality.
SCHEMA = """
CREATE TABLE articles (article_id VARCHAR, source_file VARCHAR, title VARCHAR, outlet_id VARCHAR,
    outlet_role VARCHAR, published_date DATE, n_words INTEGER);
CREATE TABLE outlets (outlet_id VARCHAR, name VARCHAR);
CREATE TABLE stories (story_id VARCHAR, article_id VARCHAR, story_label VARCHAR, story_date DATE);
CREATE TABLE time_refs (article_id VARCHAR, date DATE, segment_kind VARCHAR);
CREATE TABLE mentions (article_id VARCHAR, entity_id VARCHAR, segment_kind VARCHAR);
CREATE TABLE entities (entity_id VARCHAR, name VARCHAR, entity_type VARCHAR, country VARCHAR, aliases VARCHAR);
CREATE TABLE quotes (article_id VARCHAR, kind VARCHAR, speaker_entity_id VARCHAR, speaker_surface VARCHAR);
CREATE TABLE citations (article_id VARCHAR, surface VARCHAR, source_id VARCHAR, role VARCHAR, segment_kind VARCHAR);
CREATE TABLE amounts (article_id VARCHAR, char_start INTEGER, char_end INTEGER, surface VARCHAR, value DOUBLE,
    value_high DOUBLE, unit VARCHAR, category VARCHAR, qualifier VARCHAR, segment_kind VARCHAR);
"""


@pytest.fixture()
def toy():
    con = duckdb.connect()
    con.execute(SCHEMA)
    con.execute("INSERT INTO articles VALUES ('a','a.txt',NULL,'A',NULL,NULL,10), ('b','b.txt',NULL,'B',NULL,NULL,10),"
                "('c1','c1.txt',NULL,NULL,NULL,NULL,10), ('c2','c2.txt',NULL,NULL,NULL,'2022-01-03',10)")
    con.execute("INSERT INTO stories SELECT 's1', article_id, 'call', DATE '2022-01-02' FROM articles")
    con.execute("INSERT INTO articles VALUES ('d', 'd.txt', 'Tin khác', 'A', NULL, NULL, 5)")  # in no story
    con.execute("INSERT INTO time_refs VALUES ('d', '2022-02-03', 'body'), ('d', '2022-02-01', 'lead'), "
                "('d', '2020-01-01', 'related')")
    figures = [  # article, start, surface, value, high, unit, category, segment
        ("a", 1, "50 phút", 50, None, "minutes", "duration", "body"),
        ("b", 1, "50 phút", 50, None, "minutes", "duration", "body"),
        ("c1", 1, "50 phút", 50, None, "minutes", "duration", "body"),
        ("c2", 1, "gần một giờ", 60, None, "minutes", "duration", "lead"),
        ("a", 2, "hơn 30 năm", 15768000, None, "minutes", "duration", "body"),
        ("a", 3, "hai tuần", 20160, None, "minutes", "duration", "body"),
        ("b", 3, "ba tuần", 30240, None, "minutes", "duration", "body"),
        ("a", 4, "100.000 quân", 100000, None, "quân", "troops", "body"),
        ("c1", 4, "100.000 binh sỹ", 100000, None, "binh sỹ", "troops", "body"),
        ("b", 4, "70.000 - 100.000 quân", 70000, 100000, "quân", "troops", "body"),
        ("b", 5, "100 phút", 100, None, "minutes", "duration", "related"),
        ("a", 6, "hai nước", 2, None, "nước", "count", "body"),
        ("b", 6, "ba bên", 3, None, "bên", "count", "body"),
    ]
    con.executemany("INSERT INTO amounts VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'exact', ?)",
                    [(a, s, s + 1, surf, v, h, u, c, seg) for a, s, surf, v, h, u, c, seg in figures])
    for f in sorted(SQL_DIR.glob("*.sql")):
        con.execute(f.read_text(encoding="utf-8"))
    yield con
    con.close()


def test_disagreement_rule(toy):
    got = {(r["outlet_id"], r["surface"]): r["disagrees"] for r in rows(toy, "SELECT * FROM facts_by_outlet")}
    assert got == {
        ("A", "50 phút"): False, ("B", "50 phút"): False, ("(unknown)", "50 phút"): False,
        ("(unknown)", "gần một giờ"): True,  # A and B report the call but never ~60 minutes
        ("A", "hơn 30 năm"): False, ("A", "hai tuần"): False, ("B", "ba tuần"): False,  # not the same quantity
        ("A", "100.000 quân"): True, ("(unknown)", "100.000 binh sỹ"): True, ("B", "70.000 - 100.000 quân"): True,
        ("A", "hai nước"): False, ("B", "ba bên"): False,
    }
    (with_,) = toy.execute("SELECT disagrees_with FROM facts_by_outlet WHERE surface = 'gần một giờ'").fetchone()
    assert with_ == "A 50; B 50"


def test_unknown_outlet_and_dates(toy):
    cov = {r["outlet_id"]: r for r in rows(toy, "SELECT * FROM coverage_per_outlet")}
    assert cov["(unknown)"]["n_articles"] == 2
    assert (cov["(unknown)"]["first_date"], cov["(unknown)"]["last_date"]) == (dt.date(2022, 1, 2), dt.date(2022, 1, 3))
    assert cov["A"]["last_date"] == dt.date(2022, 2, 1)  # no story: the earliest full date in its text
    stories = {r["story_id"]: r for r in rows(toy, "SELECT * FROM story_coverage")}
    assert stories["s1"]["n_outlets"] == 3 and stories["article:d"]["story_label"] == "Tin khác"
    (source,) = toy.execute("SELECT date_source FROM articles_by_outlet WHERE article_id = 'd'").fetchone()
    assert source == "text"


# Ad-hoc SQL: python -m baochi.sql
def test_one_shot_query_prints_a_table_and_csv(warehouse, capsys):
    assert adhoc.main(["--warehouse", str(warehouse), "SELECT outlet_id, n_articles FROM coverage_per_outlet "
                       "ORDER BY outlet_id"]) == 0
    out = capsys.readouterr().out
    assert "congan.com.vn" in out and "(4 rows)" in out
    assert adhoc.main(["--warehouse", str(warehouse), "--csv", "SELECT outlet_id, n_articles FROM "
                       "coverage_per_outlet ORDER BY outlet_id"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == ["outlet_id,n_articles", "(unknown),2"]


def test_the_warehouse_is_read_only(warehouse, capsys):
    assert adhoc.main(["--warehouse", str(warehouse), "CREATE TABLE x (a INT)"]) == 1
    assert "read-only" in capsys.readouterr().err.lower()


def test_a_missing_warehouse_says_run_make_run(tmp_path, capsys):
    assert adhoc.main(["--warehouse", str(tmp_path), "SELECT 1"]) == 2
    assert "make run" in capsys.readouterr().err


def test_shell_runs_statements_ending_with_semicolons(warehouse):
    out = io.StringIO()
    with adhoc.connect(warehouse) as con:
        failed = adhoc.shell(con, ["SELECT count(*) AS n", "FROM story_coverage;", ".tables", "SELEC nonsense;",
                                   ".quit", "SELECT 'never';"], out=out)
    text = out.getvalue()
    assert failed == 1 and "coverage_per_outlet" in text and "Error:" in text and "never" not in text
