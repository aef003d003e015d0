"""Entity matching on real text: one id per entity across spellings, honorifics outside spans."""

from baochi.entities.matcher import EntityMatcher, discovered_id
from baochi.entities.reference import default_reference
from tests.conftest import dantri_texts

MATCHER = EntityMatcher(default_reference())


def ids(text):
    return [(m.surface, m.entity_id) for m in MATCHER.find(text)]


def test_spellings_resolve_to_one_entity(seeds):
    found = {s: e for text in seeds.values() for s, e in ids(text)}
    assert found["Ukraina"] == found["Ukraine"]
    assert found["Moskva"] == found["Moscow"]
    assert found["Yury Ushakov"] == found["Yuri Ushakov"] == found["Ushakov"]
    assert found["Putin"] == found["Vladimir Putin"] == found["Puttin"]
    assert found["Nhà Trắng"] == "org:white-house" and found["Điện Kremlin"] == "org:kremlin"


def test_honorifics_and_titles_stay_outside(seeds):
    for text in seeds.values():
        for m in MATCHER.find(text):
            assert text[m.start : m.end] == m.surface
            assert not m.surface.lower().startswith(("ông ", "bà ", "tổng thống ", "người đồng cấp "))


def test_ambiguous_aliases_need_context():
    assert ids("Chị Nga cho biết đã về quê.") == []
    assert ids("Anh ấy nói rằng sẽ đi Hà Nội.") == [("Hà Nội", "loc:hanoi")]
    assert ("Nga", "loc:russia") in ids("Nga cho biết sẽ đáp trả.")
    assert ids("Bà Nguyễn Thị Nga phát biểu.") == []


def test_misspelling_needs_the_right_spelling_in_the_same_article():
    text = "Tổng thống Putin phát biểu. Sau đó Puttin nói thêm."
    assert ids(text)[-1] == ("Puttin", "per:vladimir-putin")
    assert all(s != "Puttin" for s, _ in ids("Sau đó Puttin nói thêm."))


def test_offsets_hold_on_real_news():
    for text in dantri_texts(300):
        for m in MATCHER.find(text):
            assert text[m.start : m.end] == m.surface


def test_discovered_ids_are_stable_and_spelling_insensitive():
    assert discovered_id("Nguyễn Văn  An", "PERSON") == discovered_id("nguyễn văn an", "PERSON")
    assert discovered_id("Nguyễn Văn An", "PERSON") != discovered_id("Nguyễn Văn Ân", "PERSON")


def test_person_spans_joining_two_names_are_split():
    """NER reads `Trump - Kim` or `Cuba Fidel Castro` as one person; a pair across a dash with a known
    person on one side, or a country before a foreign full name, is two mentions. Hyphenated names
    and Vietnamese given names that are also country names stay whole."""
    from baochi.facts.run import default_matcher

    matcher = default_matcher()

    def found(text):
        return [(m.surface, m.entity_type) for m in matcher.find(text)]

    assert found("Thượng đỉnh Trump - Kim lần thứ hai diễn ra tại Hà Nội.")[:2] == [
        ("Trump", "PERSON"), ("Kim", "PERSON")]
    assert found("Cuộc điện đàm Biden-Putin kéo dài 50 phút.") == [("Biden", "PERSON"), ("Putin", "PERSON")]
    assert found("Thủ tướng Anh Theresa May từ chức.") == [("Anh", "LOCATION"), ("Theresa May", "PERSON")]
    assert found("Chủ tịch Cuba Fidel Castro qua đời.") == [("Cuba", "LOCATION"), ("Fidel Castro", "PERSON")]
    assert ("Kramp-Karrenbauer", "PERSON") in found("Bà Kramp-Karrenbauer phát biểu tại Berlin.")
    assert ("Bashar al - Assad", "PERSON") in found("Tổng thống Bashar al - Assad nói.")
    assert found("Ca sĩ Mỹ Tâm hát tại Hà Nội.")[0] == ("Mỹ Tâm", "PERSON")
    assert found("Thượng đỉnh Trump - Kim Jong-un diễn ra.") == [("Trump", "PERSON"), ("Kim Jong-un", "PERSON")]
    assert ("Anh", "LOCATION") not in found("Anh Tony Nguyễn cho biết sẽ đi.")  # the honorific opening a sentence
    assert found("Quan hệ Putin - Nga rất tốt.") == [("Putin", "PERSON"), ("Nga", "LOCATION")]


def test_recogniser_spans_against_reference_matches():
    """Given spans (as a recogniser would find them): one that only partly overlaps a reference
    match loses to it; one that reference names side by side cover adds nothing; of two spans that
    overlap, the first stays; a name the reference lacks is discovered."""
    text = "Ông Vladimir Putin gặp đội Vệ binh Quốc gia bang Florida, khi đó Nga Putin đã nói rõ, Nguyễn Văn An kể."

    def at(surface, typ):
        start = text.index(surface)
        return (start, start + len(surface), typ)

    aliases = [(m.surface, m.method) for m in MATCHER.find(text, [])]
    assert aliases == [("Vladimir Putin", "alias"), ("Vệ binh Quốc gia", "alias"), ("bang Florida", "alias"),
                       ("Nga", "alias"), ("Putin", "alias")]
    spans = sorted([at("Putin gặp", "PERSON"), at("Vệ binh Quốc gia bang Florida", "ORGANIZATION"),
                    at("Nga Putin", "PERSON"), at("Nguyễn Văn An", "PERSON"), at("Văn An kể", "PERSON")])
    got = [(m.surface, m.method) for m in MATCHER.find(text, spans)]
    assert got == aliases + [("Nguyễn Văn An", "discovered")]
    # a span holding a reference name and more words replaces it
    longer = [at("Vladimir Putin gặp đội", "PERSON")]
    assert [(m.surface, m.method) for m in MATCHER.find(text, longer)][0] == ("Vladimir Putin gặp đội", "discovered")
