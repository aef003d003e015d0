"""The shipped NER model (baochi.ner): names it must find in the seed articles, span invariants,
model size, and the VLSP reader / tokeniser on inline samples. Needs no VLSP data; throughput on
the dantri corpus is printed, not asserted (skipped when the corpus is absent)."""

import time

import pytest

from baochi.ner.features import tokenize
from baochi.ner.recognizer import HONORIFICS, LEXICON_PATH, MODEL_PATH, Recognizer
from baochi.ner.vlsp import evaluate, parse_muc, split_lines
from tests.conftest import dantri_texts, seed_texts

TYPES = {"PERSON", "ORGANIZATION", "LOCATION"}
# surface -> acceptable types; each must be found somewhere in the five seed articles
EXPECTED = {
    "Joe Biden": {"PERSON"},
    "Vladimir Putin": {"PERSON"},
    "Yury Ushakov": {"PERSON"},
    "Jen Psaki": {"PERSON"},
    "Sergei Ryabkov": {"PERSON"},
    "Lloyd Austin": {"PERSON"},
    "Geneva": {"LOCATION"},
    "Thụy Sĩ": {"LOCATION"},
    "Ukraine": {"LOCATION"},
    "NATO": {"ORGANIZATION"},
    "Nhà Trắng": {"LOCATION", "ORGANIZATION"},
    "Điện Kremlin": {"LOCATION", "ORGANIZATION"},
}
EDGE = set(".,;:!?-–—'\"“”‘’()[]{}/\\|*•… ")


@pytest.fixture(scope="module")
def rec() -> Recognizer:
    return Recognizer.load()


@pytest.fixture(scope="module")
def found(rec) -> dict[str, list[tuple[int, int, str]]]:
    return {name: rec.find(text) for name, text in seed_texts().items()}


def test_model_is_small():
    size = MODEL_PATH.stat().st_size + LEXICON_PATH.stat().st_size
    assert size <= 5_000_000, f"model + lexicon is {size} bytes"


def test_load_is_cached(rec):
    assert Recognizer.load() is rec


def test_seed_names_found(found):
    texts = seed_texts()
    got: dict[str, set[str]] = {}
    for name, spans in found.items():
        for s, e, typ in spans:
            got.setdefault(texts[name][s:e], set()).add(typ)
    for surface, types in EXPECTED.items():
        assert surface in got, f"{surface!r} not found"
        assert got[surface] & types, f"{surface!r} typed {got[surface]}, expected one of {types}"


def test_honorific_not_in_span(found):
    texts = seed_texts()
    checked = 0
    for name, text in texts.items():
        at = text.find("ông Putin")
        while at >= 0:
            overlapping = [(s, e) for s, e, _ in found[name] if s < at + 9 and e > at]
            assert overlapping == [(at + 4, at + 9)], text[at - 20 : at + 30]
            checked += 1
            at = text.find("ông Putin", at + 1)
    assert checked >= 5


def test_span_invariants(found):
    texts = seed_texts()
    for name, spans in found.items():
        text = texts[name]
        assert spans == sorted(spans)
        last_end = 0
        for s, e, typ in spans:
            assert typ in TYPES
            assert last_end <= s < e <= len(text)
            last_end = e
            surface = text[s:e]
            assert surface[0] not in EDGE and surface[-1] not in EDGE, repr(surface)
            assert "\n" not in surface
            assert surface.split()[0] not in HONORIFICS, repr(surface)
            assert not (s and text[s - 1].isalnum()) and not (e < len(text) and text[e].isalnum()), repr(surface)


def test_find_on_short_and_empty_text(rec):
    assert rec.find("") == []
    assert rec.find("không có tên riêng nào ở đây.") == []
    text = "Hôm qua, ông Vladimir Putin đã tới Hà Nội."
    spans = {(text[s:e], t) for s, e, t in rec.find(text)}
    assert ("Vladimir Putin", "PERSON") in spans
    assert ("Hà Nội", "LOCATION") in spans


def test_tokenize_offsets():
    line = "TP.HCM, ông Kim Jong-un (Triều Tiên) nói: “Xin chào”"
    words, starts = tokenize(line)
    assert [line[a : a + len(w)] for w, a in zip(words, starts)] == words
    assert words[:4] == ["TP", ".", "HCM", ","] and "Jong" in words and "un" in words


def test_vlsp_reader_nested_tags():
    raw = (
        'Trường <ENAMEX TYPE="ORGANIZATION">Đại học <ENAMEX TYPE="LOCATION">Hà Nội</ENAMEX></ENAMEX>'
        ' ở\n<ENAMEX TYPE="LOCATION">Việt Nam </ENAMEX>.'
    )
    text, spans = parse_muc(raw)
    assert text == "Trường Đại học Hà Nội ở\nViệt Nam ."
    got = {(text[s:e], t, d) for s, e, t, d in spans}
    assert got == {("Đại học Hà Nội", "ORG", 1), ("Hà Nội", "LOC", 2), ("Việt Nam", "LOC", 1)}
    lines = split_lines(text, spans)
    assert [ln.text for ln in lines] == ["Trường Đại học Hà Nội ở", "Việt Nam ."]
    assert lines[1].level1() == {(0, 8, "LOC")}
    scores = evaluate(lambda t: [(7, 21, "ORG")], [("d", text, spans)])
    assert scores["ORG"][:3] == (1.0, 1.0, 1.0) and scores["LOC"][2] == 0.0


def test_throughput_printed(rec):
    texts = dantri_texts(500)
    rec.find(texts[0])
    t0 = time.process_time()
    n = sum(len(rec.find(t)) for t in texts)
    secs = time.process_time() - t0
    print(f"\nNER: {len(texts) / secs:.0f} docs/s (CPU time) on {len(texts)} dantri articles, {n} entities")
