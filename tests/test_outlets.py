"""Outlet inference uses evidence only: metadata, a leading marker, syndication footers."""

import pytest

from baochi.outlets import OutletIndex, infer_outlet, host_of
from baochi.segments import segment_article
from baochi.warehouse import SEEDS_DIR

INDEX = OutletIndex.from_csv(SEEDS_DIR / "outlets.csv")


def outlet(text, meta=None):
    layout = segment_article(text, (meta or {}).get("title"), INDEX.by_name)
    return infer_outlet(text, layout.footer_lines, meta or {}, INDEX)


def test_seed_outlets_and_roles(seeds):
    expected = {
        "000": ("congan.com.vn", "publisher"),
        "001": ("vnexpress.net", "republished_from"),
        "003": ("vietnamnet.vn", "republished_from"),
    }
    for key, text in seeds.items():
        found = outlet(text)
        assert (found.outlet_id, found.role) == expected[key] if key in expected else found is None, key
    assert outlet(seeds["001"]).url == "https://vnexpress.net/biden-putin-canh-bao-nhau-khi-dien-dam-4410408.html"


BODY = "Nội dung bài báo đủ dài để là một đoạn văn thật sự với nhiều chữ trong câu.\nĐoạn thứ hai của bài."


@pytest.mark.parametrize(
    "text,meta,outlet_id,role",
    [
        ("(Dân trí) - " + BODY, {}, "dantri.com.vn", "publisher"),
        ("(NLĐO)- " + BODY, {}, "nld.com.vn", "publisher"),
        ("(Không rõ) - " + BODY, {}, None, None),
        (BODY + "\nNguồn: Tuổi Trẻ", {}, "tuoitre.vn", "republished_from"),
        (BODY + "\nTheo Reuters\nMinh Anh", {}, "reuters.com", "republished_from"),
        ("Theo Reuters, hai bên đã gặp nhau tại Geneva trong một cuộc họp kéo dài nhiều giờ.\n" + BODY, {}, None, None),
        (BODY, {"outlet": "dantri.com.vn"}, "dantri.com.vn", "publisher"),
        (BODY, {"outlet": "Báo Thanh Niên"}, "thanhnien.vn", "publisher"),
        (BODY, {"url": "https://www.vnexpress.net/a.html"}, "vnexpress.net", "publisher"),
        (BODY, {"url": "https://ttvn.toquoc.vn/a.htm"}, "toquoc.vn", "publisher"),
        (BODY, {"url": "https://example-news.vn/a"}, "example-news.vn", "publisher"),
        (BODY, {"outlet": "Some Weekly"}, "Some Weekly", "publisher"),
        ("(CAO) " + BODY, {"outlet": "vietnamnet.vn"}, "vietnamnet.vn", "publisher"),
        (BODY + "\nArticle sourced from Tuoi Tre Online", {}, None, None),
    ],
)
def test_crafted_evidence(text, meta, outlet_id, role):
    found = outlet(text, meta)
    assert (found.outlet_id if found else None, found.role if found else None) == (outlet_id, role)
    if found:
        assert found.evidence


def test_index_rejects_a_marker_naming_two_outlets():
    with pytest.raises(ValueError):
        OutletIndex([{"outlet_id": "a.vn", "name": "A", "markers": "X"}, {"outlet_id": "b.vn", "name": "B", "markers": "x"}])


def test_host_of():
    assert host_of("https://WWW.VnExpress.net/x") == "vnexpress.net"
    assert host_of("not a url") is None
