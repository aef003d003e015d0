"""Segmentation on real articles: boilerplate is classified, never deleted, offsets are exact."""

import pytest

from baochi.segments import KINDS, segment_article
from tests.conftest import dantri_texts


def kinds_of(text):
    layout = segment_article(text)
    return layout, [(s.kind, text[s.char_start : s.char_end]) for s in layout.segments]


def test_offsets_cover_every_non_blank_line(seeds):
    for text in [*seeds.values(), *dantri_texts(300)]:
        layout = segment_article(text)
        lines = [x.strip() for x in text.split("\n") if x.strip()]
        assert [text[s.char_start : s.char_end] for s in layout.segments] == lines
        assert [s.seq for s in layout.segments] == list(range(len(lines)))
        assert {s.kind for s in layout.segments} <= set(KINDS)
        assert sum(s.kind == "lead" for s in layout.segments) <= 1
        assert sum(s.kind == "title" for s in layout.segments) <= 1


def test_title_lead_caption_footer(seeds):
    layout, kinds = kinds_of(seeds["001"])
    assert kinds[0] == ("title", "Lãnh đạo Nga - Mỹ cảnh báo lẫn nhau khi điện đàm")
    assert kinds[1][0] == "lead" and layout.lead.startswith("Tổng thống Mỹ Biden")
    assert ("caption", "Tổng thống Mỹ Joe Biden (trái) và Tổng thống Nga Vladimir Putin. Ảnh: AFP.") in kinds
    assert [k for k, _ in kinds[-3:]] == ["footer"] * 3
    assert layout.byline is None


def test_long_first_paragraph_is_the_lead_not_a_title(seeds):
    for key in ("000", "002", "003", "004"):
        layout, kinds = kinds_of(seeds[key])
        assert layout.title is None and kinds[0][0] == "lead"


def test_related_links_headings_and_photo_credits(seeds):
    _, kinds = kinds_of(seeds["003"])
    related = [t for k, t in kinds if k == "related"]
    assert len(related) == 3 and all(t.startswith("- ") for t in related)
    assert ("caption", "Ảnh: Sputnik |") in kinds
    assert ("heading", "Nga lên tiếng") in kinds
    assert ("footer", "Theo VietNamNet") in kinds and kinds[-1] == ("footer", "Comments powered by CComment")
    _, kinds = kinds_of(seeds["002"])
    assert [k for k, t in kinds if t.startswith("[")] == ["related"]
    _, kinds = kinds_of(seeds["000"])
    assert ("caption", "Hội đàm Nga - Mỹ diễn ra trong bối cảnh căng thẳng - Ảnh: CNN") in kinds


def test_byline_is_a_name_alone_near_the_end(seeds):
    layout, kinds = kinds_of(seeds["004"])
    assert layout.byline == "Xuân Thành"
    assert kinds[-2:] == [("footer", "Xuân Thành"), ("footer", "Xem thêm:")]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Một dòng duy nhất không có gì khác.", ["body"]),
        ("Tiêu đề ngắn\nĐoạn đầu tiên đủ dài để làm đoạn dẫn của bài báo này trong thử nghiệm.", ["title", "lead"]),
        (
            "Đoạn dẫn dài của bài báo với đủ nhiều chữ để được coi là đoạn dẫn thật sự.\n"
            "Danh sách trong thân bài gồm những mục như sau đây:\n- Mục một là gạo\n- Mục hai là muối\n"
            "Và đoạn kết của thân bài vẫn còn dài với nhiều chữ để kết thúc bài viết này.",
            ["lead", "body", "body", "body", "body"],
        ),
        ("\n\n   \n", []),
    ],
)
def test_crafted_layouts(text, expected):
    assert [k for k, _ in kinds_of(text)[1]] == expected


def test_real_bylines_are_names():
    found = [segment_article(t).byline for t in dantri_texts(400)]
    names = [b for b in found if b]
    assert len(names) > 200
    assert all(len(b.split()) <= 5 and not b.endswith(".") for b in names)
