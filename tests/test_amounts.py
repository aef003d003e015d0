"""amounts: seed expectations, hostile inputs and invariants over real Dân trí articles."""

from __future__ import annotations

import json
import time
import unicodedata
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import dantri_docs

from baochi.articles import parse_published
from baochi.facts import amounts
from baochi.facts.doc import Doc

ROOT = Path(__file__).resolve().parents[1]


def seed(prefix: str) -> Doc:
    (path,) = (ROOT / "seeds" / "articles").glob(f"{prefix}_*.txt")
    return Doc.from_text(path.read_text(encoding="utf-8"), article_id=prefix)


def rows_of(text: str) -> list[dict]:
    return amounts.extract(Doc.from_text(text))


def one(rows: list[dict], surface_part: str) -> dict:
    hits = [r for r in rows if surface_part in r["surface"]]
    assert len(hits) == 1, (surface_part, [r["surface"] for r in rows])
    return hits[0]


def check_row(doc: Doc, r: dict) -> None:
    assert set(r) == set(amounts.SCHEMA)
    assert doc.text[r["char_start"] : r["char_end"]] == r["surface"]
    assert r["segment_kind"] == doc.kind_at(r["char_start"])
    assert r["category"] in amounts.CATEGORIES and r["qualifier"] in amounts.QUALIFIERS
    assert r["value"] > 0
    assert r["value_high"] is None or r["value_high"] >= r["value"]
    assert (r["unit"] == "minutes") == (r["category"] == "duration")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_rows_are_well_formed(prefix):
    doc = seed(prefix)
    rows = amounts.extract(doc)
    assert rows
    for r in rows:
        check_row(doc, r)
    pl.DataFrame(rows, schema=amounts.SCHEMA, orient="row")  # the schema holds the rows


def test_seed_000():
    rows = amounts.extract(seed("000"))
    r = one(rows, "50 phút")
    assert (r["value"], r["category"], r["unit"], r["qualifier"]) == (50, "duration", "minutes", "exact")
    r = one(rows, "100.000 quân")
    assert (r["value"], r["category"], r["unit"], r["qualifier"]) == (100000, "troops", "quân", "up_to")
    assert r["surface"] == "Có tới 100.000 quân"
    r = one(rows, "30 năm")
    assert (r["category"], r["qualifier"], r["value"]) == ("duration", "over", 30 * 525600)
    assert not [r for r in rows if r["surface"].lower().startswith("một")]  # một quan chức, một cuộc
    assert not [r for r in rows if "thứ hai" in r["surface"]]


def test_seed_001():
    rows = amounts.extract(seed("001"))
    r = one(rows, "70.000 - 100.000 quân")
    assert (r["value"], r["value_high"], r["category"], r["qualifier"]) == (70000, 100000, "troops", "about")
    r = one(rows, "8 đề xuất")
    assert (r["value"], r["category"], r["unit"]) == (8, "count", "đề xuất")
    assert one(rows, "50 phút")["value"] == 50
    assert not [r for r in rows if "1997" in r["surface"] or "2018" in r["surface"] or "15h35" in r["surface"]]


def test_seed_002():
    rows = amounts.extract(seed("002"))
    r = one(rows, "gần một giờ đồng hồ")
    assert (r["value"], r["qualifier"], r["category"]) == (60, "nearly", "duration")
    r = one(rows, "100.000 binh sỹ")
    assert (r["value"], r["qualifier"], r["category"], r["surface"]) == (100000, "about", "troops", "khoảng 100.000 binh sỹ")
    weeks = [r for r in rows if r["surface"] == "hơn 3 tuần"]
    assert len(weeks) == 2 and all(r["value"] == 3 * 10080 and r["qualifier"] == "over" for r in weeks)
    assert not [r for r in rows if "30/12" in r["surface"]]


def test_seed_003():
    rows = amounts.extract(seed("003"))
    r = one(rows, "1 tiếng 2 phút")
    assert (r["value"], r["surface"]) == (62, "1 tiếng 2 phút")
    hours = [r for r in rows if r["surface"] == "hơn 1 giờ đồng hồ"]
    assert len(hours) == 2 and all(r["value"] == 60 and r["qualifier"] == "over" for r in hours)
    r = one(rows, "160 thành viên")
    assert (r["value"], r["category"]) == (160, "personnel")
    r = one(rows, "100 phút")
    assert (r["value"], r["segment_kind"]) == (100, "related")
    assert not [r for r in rows if "lần 3" in r["surface"] or "04" in r["surface"]]


def test_seed_004():
    rows = amounts.extract(seed("004"))
    r = one(rows, "khoảng gần một giờ")
    assert (r["value"], r["qualifier"]) == (60, "nearly")
    assert one(rows, "50 phút")["value"] == 50
    r = one(rows, "hàng chục nghìn binh lính")
    assert (r["value"], r["value_high"], r["qualifier"], r["category"]) == (10000, 99999, "about", "troops")
    assert not [r for r in rows if any(x in r["surface"] for x in ("1962", "2015", "3:35", "2022"))]


def test_numbers_glued_to_punctuation():
    rows = rows_of("(100.000 quân),khoảng 5%;hơn 3 tuần.“3 kênh”")
    assert [(r["surface"], r["value"]) for r in rows] == [
        ("100.000 quân", 100000), ("khoảng 5%", 5), ("hơn 3 tuần", 30240), ("3 kênh", 3)]


def test_codes_dates_times_phones_and_scores_are_not_amounts():
    text = ("Covid-19, iPhone 13, Su-35, G7 và 5G. Tỷ số 2-1. Ngày 31-12, ngày 30/12, 10/1/2022, năm 2018, "
            "lúc 15h35, 11h04', 3:35 chiều, lúc 15 giờ 30. Gọi 0912 345 678, 0912.345.678 hoặc 1900 1234, "
            "hỗ trợ 24/7. Điện đàm lần 3, lần thứ 4, cuộc gọi thứ hai. Quyết định 10/2020/QĐ-TTg, quốc lộ 1.")
    assert rows_of(text) == []


def test_article_mot_is_not_one():
    assert rows_of("Một quan chức nói một cuộc họp đã diễn ra, một số nước phản đối.") == []
    r = one(rows_of("Cuộc họp kéo dài một giờ."), "một giờ")
    assert r["value"] == 60


def test_number_words_with_tone_marks_nfc():
    text = unicodedata.normalize("NFC", "Hai mươi lăm người bị thương, ba trăm năm mươi quân đã rút về.")
    rows = rows_of(text)
    assert [(r["value"], r["unit"], r["category"]) for r in rows] == [(25, "người", "count"), (350, "quân", "troops")]


def test_scales_ranges_and_money():
    rows = rows_of("Giá 1,2 tỷ USD, 2.000 tỷ đồng, 3-5 triệu đồng, 55,48 - 55,83 triệu đồng/lượng, "
                   "từ 70.000 đến 100.000 quân và 70.000-100.000 quân, 7-12 tuổi.")
    got = [(r["surface"], r["value"], r["value_high"], r["unit"]) for r in rows]
    assert got == [
        ("1,2 tỷ USD", 1.2e9, None, "USD"),
        ("2.000 tỷ đồng", 2e12, None, "đồng"),
        ("3-5 triệu đồng", 3e6, 5e6, "đồng"),
        ("55,48 - 55,83 triệu đồng/lượng", 55.48e6, 55.83e6, "đồng/lượng"),
        ("từ 70.000 đến 100.000 quân", 70000, 100000, "quân"),
        ("70.000-100.000 quân", 70000, 100000, "quân"),
        ("7-12 tuổi", 7, 12, "tuổi"),
    ]


def test_vague_and_durations():
    rows = rows_of("Hàng trăm người chờ vài tuần; 1 tiếng rưỡi, nửa tiếng, hơn 3 tuần nữa, 100 người trở lên.")
    got = [(r["surface"], r["value"], r["value_high"], r["qualifier"]) for r in rows]
    assert got == [
        ("Hàng trăm người", 100, 999, "about"),
        ("vài tuần", 2 * 10080, 5 * 10080, "about"),
        ("1 tiếng rưỡi", 90, None, "exact"),
        ("nửa tiếng", 30, None, "exact"),
        ("hơn 3 tuần nữa", 30240, None, "over"),
        ("100 người trở lên", 100, None, "over"),
    ]


def test_a_year_after_the_noun_is_a_date_not_a_duration():
    rows = rows_of("Dự án sẽ thua lỗ khoảng 1.200 tỷ năm 2017, sau khi đầu tư 12.000 tỷ đồng.")
    assert [(r["value"], r["category"]) for r in rows][:1] == [(1.2e12, "other")]
    assert rows_of("Vũ trụ hình thành cách đây xấp xỉ 13,8 tỷ năm.")[0]["category"] == "duration"


def test_both_sides_are_not_a_figure():
    assert rows_of("Hai bên đã thảo luận; hai nước và cả hai nhà lãnh đạo đều đồng ý.") == []
    assert [r["value"] for r in rows_of("Các cuộc đối thoại 4 bên ở Berlin không mang lại kết quả.")] == [4]


def test_zero_is_not_an_amount():
    assert rows_of("Tốc độ tăng lương đã giảm xuống mức gần 0 trong nhóm các nước.") == []
    assert rows_of("Nhiệt độ hơn 0 độ C và 0 người bị thương.") == []


def test_empty_and_blank_text():
    assert rows_of("") == []
    assert rows_of("   \n\n ") == []


def load_corpus(n: int) -> list[Doc]:
    return dantri_docs(n)


def test_dantri_invariants():
    docs = load_corpus(300)
    t0 = time.perf_counter()
    per_doc = [amounts.extract(d) for d in docs]
    elapsed = time.perf_counter() - t0
    print(f"\namounts: {len(docs) / elapsed:,.0f} docs/s over {len(docs)} Dân trí articles")
    rows = [r for rs in per_doc for r in rs]
    assert len(rows) > 1000
    for doc, rs in zip(docs, per_doc):
        for r in rs:
            check_row(doc, r)
    frame = pl.DataFrame(rows, schema=amounts.SCHEMA, orient="row")
    assert set(frame["category"].unique()) >= {"money", "percent", "duration", "count"}


def test_qualifiers_nearest_wins_and_prepositions_are_not_caps():
    text = ("Có tới 100.000 quân, khoảng gần một giờ, hơn 1 giờ đồng hồ, tăng tới 25%, liên quan đến 2 ca bệnh, "
            "8 trường hợp, từ năm 2018 đến 6 tháng đầu năm 2020, ít nhất 20 binh sĩ, lãi suất 6%/năm.")
    got = [(r["surface"], r["qualifier"], r["unit"]) for r in rows_of(text)]
    assert got == [
        ("Có tới 100.000 quân", "up_to", "quân"),
        ("khoảng gần một giờ", "nearly", "minutes"),
        ("hơn 1 giờ đồng hồ", "over", "minutes"),
        ("tới 25%", "up_to", "%"),
        ("2 ca bệnh", "exact", "ca bệnh"),
        ("8 trường hợp", "exact", "trường hợp"),
        ("6 tháng", "exact", "minutes"),
        ("ít nhất 20 binh sĩ", "over", "binh sĩ"),
        ("6%/năm", "exact", "%/năm"),
    ]
