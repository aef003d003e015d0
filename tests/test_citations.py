"""citations: attribution cues on crafted sentences (the cue forms of Vietnamese news), and what is not
a citation (a person's opinion, a medium merely named)."""

import pytest

from baochi.facts import citations
from baochi.facts.doc import Doc
from baochi.facts.run import default_matcher

LEAD = "Bản tin tổng hợp các nguồn thông tin quốc tế về cuộc bầu cử tổng thống Mỹ năm nay.\n"


@pytest.fixture(scope="module")
def matcher():
    return default_matcher()


def sources(matcher, sentence: str) -> list[tuple[str, str]]:
    doc = Doc.from_text("Tin thế giới\n" + LEAD + sentence + "\n", matcher=matcher)
    return [(r["surface"], r["role"]) for r in citations.extract(doc)]


@pytest.mark.parametrize("sentence, surface", [
    ("Theo thống kê của Fox News, ông Biden đã ngắt lời đối thủ 20 lần.", "Fox News"),
    ("Politico cho rằng căn phòng tranh luận năm nay quá nhỏ.", "Politico"),
    ("Trả lời hãng tin Washington Post ngày 29/9, ông Bourla nói vắc xin sẽ an toàn.", "Washington Post"),
    ("Theo báo cáo mới nhất của hãng tin Reuters, giá dầu đã tăng 3%.", "Reuters"),
    ("CNN đưa tin cuộc họp kéo dài hai giờ.", "CNN"),
])
def test_a_medium_with_a_cue_is_a_news_source(matcher, sentence, surface):
    assert (surface, "news_source") in sources(matcher, sentence)


def test_an_institution_that_published_a_report_is_a_news_source(matcher):
    sentence = "Theo báo cáo do Nhà Trắng công bố ngày 30/9, ngân sách quốc phòng sẽ tăng."
    assert ("Nhà Trắng", "news_source") in sources(matcher, sentence)


@pytest.mark.parametrize("sentence", [
    "Lượng người xem của Fox News năm nay cao hơn so với CNN.",
    "Người dân theo dõi CNN mỗi tối để biết tin tức.",
    "Fox News là một kênh truyền hình lớn của Mỹ.",
    "Nhà Trắng sẽ tổ chức lễ đón vào ngày mai.",
])
def test_no_cue_no_citation(matcher, sentence):
    assert [r for r in sources(matcher, sentence) if r[1] == "news_source"] == []
