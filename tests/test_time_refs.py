"""time_refs: seed expectations, hostile inputs and invariants over real Dân trí articles."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import time
import unicodedata
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import dantri_docs

from baochi.articles import parse_published
from baochi.facts import amounts, time_refs
from baochi.facts.doc import Doc

ROOT = Path(__file__).resolve().parents[1]
D = dt.date


def seed(prefix: str, **kw) -> Doc:
    (path,) = (ROOT / "seeds" / "articles").glob(f"{prefix}_*.txt")
    return Doc.from_text(path.read_text(encoding="utf-8"), article_id=prefix, **kw)


def rows_of(text: str, **kw) -> list[dict]:
    return time_refs.extract(Doc.from_text(text, **kw))


def find(rows: list[dict], surface_part: str) -> list[dict]:
    return [r for r in rows if surface_part in r["surface"]]


def one(rows: list[dict], surface_part: str) -> dict:
    hits = find(rows, surface_part)
    assert len(hits) == 1, (surface_part, [r["surface"] for r in rows])
    return hits[0]


def check_row(doc: Doc, r: dict) -> None:
    assert set(r) == set(time_refs.SCHEMA)
    assert doc.text[r["char_start"] : r["char_end"]] == r["surface"]
    assert r["segment_kind"] == doc.kind_at(r["char_start"])
    if r["month"] is not None:
        assert 1 <= r["month"] <= 12
    if r["day"] is not None:
        assert r["month"] is not None
        assert 1 <= r["day"] <= calendar.monthrange(r["year"] or 2000, r["month"])[1]
    assert (r["date"] is not None) == (None not in (r["year"], r["month"], r["day"]))
    if r["date"] is not None:
        assert r["date"] == D(r["year"], r["month"], r["day"])
    if r["time"] is not None:
        hh, mm = r["time"].split(":")
        assert len(hh) == len(mm) == 2 and 0 <= int(hh) <= 23 and 0 <= int(mm) <= 59
    assert r["tz"] is None or "/" in r["tz"]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_rows_are_well_formed(prefix):
    doc = seed(prefix)
    rows = time_refs.extract(doc)
    assert rows
    for r in rows:
        check_row(doc, r)
    pl.DataFrame(rows, schema=time_refs.SCHEMA, orient="row")


def test_seed_000_has_no_anchor_year():
    rows = time_refs.extract(seed("000"))
    for part, (m, d) in {"31-12": (12, 31), "7-12": (12, 7)}.items():
        r = one(rows, part)
        assert (r["year"], r["month"], r["day"], r["date"]) == (None, m, d, None)
    assert not find(rows, "30 năm")


def test_seed_001():
    rows = time_refs.extract(seed("001"))
    r = one(rows, "15h35")
    assert (r["time"], r["date"], r["tz"]) == ("15:35", D(2021, 12, 30), None)
    r = one(rows, "3h35")
    assert (r["time"], r["date"], r["tz"]) == ("03:35", D(2021, 12, 31), "Asia/Ho_Chi_Minh")
    assert one(rows, "26/12")["date"] == D(2021, 12, 26)
    assert one(rows, "27/12")["date"] == D(2021, 12, 27)
    assert one(rows, "10/1/2022")["date"] == D(2022, 1, 10)
    assert (one(rows, "tháng 6")["month"], one(rows, "tháng 6")["year"]) == (6, None)
    assert one(rows, "tháng một")["month"] == 1
    assert one(rows, "năm 1997")["year"] == 1997 and one(rows, "năm 2018")["year"] == 2018


def test_seed_002_without_anchor_stays_null():
    rows = time_refs.extract(seed("002"))
    r = one(rows, "30/12")
    assert (r["month"], r["day"], r["year"], r["date"]) == (12, 30, None, None)
    assert {r["month"] for r in find(rows, "tháng 1")} == {1}


def test_publication_date_resolves_years():
    rows = time_refs.extract(seed("002", published_date=D(2022, 1, 2)))
    assert one(rows, "30/12")["date"] == D(2021, 12, 30)  # a December date read in January
    rows = time_refs.extract(seed("003", published_date=D(2022, 2, 13)))
    assert one(rows, "tháng 12 năm ngoái")["year"] == 2021
    assert one(rows, "10/2")["date"] == D(2022, 2, 10)


def test_seed_003():
    rows = time_refs.extract(seed("003"))
    r = one(rows, "11h04'")
    assert (r["time"], r["month"], r["day"], r["year"], r["tz"]) == ("11:04", 2, 12, None, None)
    r = one(rows, "23h04'")
    assert (r["time"], r["tz"]) == ("23:04", "Asia/Ho_Chi_Minh")
    assert [(r["month"], r["day"]) for r in find(rows, "12/2")] == [(2, 12), (2, 12)]
    assert (one(rows, "10/2")["month"], one(rows, "10/2")["day"]) == (2, 10)
    for part, month in {"tháng 12 năm ngoái": 12, "tháng 11 năm ngoái": 11}.items():
        r = one(rows, part)
        assert (r["month"], r["year"]) == (month, None)  # no publication date: `năm ngoái` unresolved
    assert not find(rows, "1 tiếng") and not find(rows, "160")


def test_seed_004():
    rows = time_refs.extract(seed("004"))
    r = one(rows, "3:35 chiều")
    assert (r["time"], r["tz"], r["date"]) == ("15:35", "America/New_York", D(2021, 12, 30))
    dec30 = find(rows, "30/12")
    assert len(dec30) == 2 and {r["date"] for r in dec30} == {D(2021, 12, 30)}
    plain = [r for r in dec30 if r["time"] is None][0]
    assert plain["tz"] is None  # `giờ Mỹ`: six zones, not guessed
    for day in (10, 12, 13):
        assert one(rows, f"{day}/1/2022")["date"] == D(2022, 1, day)
    assert one(rows, "năm 1962")["year"] == 1962
    assert one(rows, "2015")["year"] == 2015
    assert one(rows, "tháng Mười Hai")["month"] == 12


def test_not_time_refs():
    text = ("Ngày 31/2 là ngày không có. Tỷ số 2-1, trẻ 7-12 tuổi, hơn 1/3 dân số, phục vụ 24/7. Covid-19, "
            "mạng 5G, Quyết định 10/2020/QĐ-TTg, đường 3/2, gọi 0912 345 678 hay 1900 1234. "
            "Có 2000 người, hơn 2019 ca, lúc 25h, 10:75, kéo dài 2 giờ 30 phút, hai tháng một lần.")
    assert rows_of(text) == []


def test_clock_conversions_and_zones():
    rows = rows_of("Lúc 9h sáng 5/3 (GMT+7), lúc 8 giờ tối, 12h trưa, 11h đêm, 3:35 PM, "
                   "15 giờ 30 ngày 2/12 (giờ Hà Nội), 6h30 theo giờ GMT.", published_date=D(2022, 3, 6))
    got = [(r["surface"], r["time"], r["date"], r["tz"]) for r in rows]
    assert got == [
        ("9h sáng 5/3", "09:00", D(2022, 3, 5), "Etc/GMT-7"),
        ("8 giờ tối", "20:00", None, None),
        ("12h trưa", "12:00", None, None),
        ("11h đêm", "23:00", None, None),
        ("3:35 PM", "15:35", None, None),
        ("15 giờ 30 ngày 2/12", "15:30", D(2021, 12, 2), "Asia/Ho_Chi_Minh"),
        ("6h30", "06:30", None, "Etc/UTC"),
    ]


def test_month_and_year_forms_nfc():
    text = unicodedata.normalize("NFC", "Tháng 7/2020, ngày 30 tháng 12 năm 2021, tháng Năm, tháng năm qua, "
                                        "giai đoạn 2021-2025, sinh năm 1976.")
    got = [(r["surface"], r["year"], r["month"], r["day"]) for r in rows_of(text)]
    assert got == [
        ("Tháng 7/2020", 2020, 7, None),
        ("30 tháng 12 năm 2021", 2021, 12, 30),
        ("tháng Năm", None, 5, None),
        ("2021", 2021, None, None),
        ("2025", 2025, None, None),
        ("năm 1976", 1976, None, None),
    ]


def test_year_inference_uses_latest_full_date_only():
    text = "Ông sinh ngày 2/1/1960. Hội nghị ngày 30/12 chuẩn bị cho phiên họp 10/1/2022."
    rows = rows_of(text)
    assert one(rows, "30/12")["date"] == D(2021, 12, 30)
    text = "Năm 2025 sẽ hoàn thành. Ngày 15/3 khởi công."  # a plan year is not an anchor
    assert one(rows_of(text), "15/3")["year"] is None


def test_empty_text():
    assert rows_of("") == []


def load_corpus(n: int) -> list[Doc]:
    return dantri_docs(n)


def test_dantri_invariants_and_combined_throughput():
    docs = load_corpus(300)
    t0 = time.perf_counter()
    per_doc = [time_refs.extract(d) for d in docs]
    t1 = time.perf_counter()
    for d in docs:
        amounts.extract(d)
    t2 = time.perf_counter()
    print(f"\ntime_refs: {len(docs) / (t1 - t0):,.0f} docs/s; amounts + time_refs combined: "
          f"{len(docs) / (t2 - t0):,.0f} docs/s over {len(docs)} Dân trí articles")
    rows = [r for rs in per_doc for r in rs]
    assert len(rows) > 500
    for doc, rs in zip(docs, per_doc):
        for r in rs:
            check_row(doc, r)
    pl.DataFrame(rows, schema=time_refs.SCHEMA, orient="row")
    dated = [r for r in rows if r["day"] is not None]
    resolved = sum(r["year"] is not None for r in dated)
    assert resolved / len(dated) > 0.95  # publication dates resolve dd/mm (not `13/5 hàng năm`)
