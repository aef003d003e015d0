"""Decoding and normalisation: every encoding a scrape delivers becomes the same NFC text."""

import codecs
import os
import unicodedata

import pytest

from baochi.decoding import NotText, _unmojibake_line, decode_article
from baochi.hostile import to_cp1258
from tests.conftest import dantri_texts, seed_texts

TEXTS = list(seed_texts().values())


@pytest.mark.parametrize("text", TEXTS)
def test_every_encoding_gives_the_original_text(text):
    forms = {
        "utf-8": text.encode(),
        "utf-8 bom": codecs.BOM_UTF8 + text.encode(),
        "utf-16": text.encode("utf-16"),
        "utf-16-be bom": codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        "utf-32": text.encode("utf-32"),
        "cp1258": to_cp1258(text),
        "mojibake cp1252": text.encode().decode("sloppy-windows-1252").encode(),
        "mojibake latin-1": text.encode().decode("latin-1").encode(),
        "nfd": unicodedata.normalize("NFD", text).encode(),
        "crlf": text.replace("\n", "\r\n").encode(),
        "cr": text.replace("\n", "\r").encode(),
    }
    for name, data in forms.items():
        assert decode_article(data).text == text, name


def test_repairs_are_recorded():
    text = TEXTS[0]
    assert decode_article(text.encode()).repairs == []
    assert decode_article(codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode()).repairs == ["bom", "crlf"]
    assert "mojibake" in decode_article(text.encode().decode("latin-1").encode()).repairs
    assert decode_article(to_cp1258(text)).encoding == "cp1258"


def test_clean_real_text_is_never_touched():
    for text in dantri_texts(1500):
        text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
        assert decode_article(text.encode()).text == text


def test_partly_mojibake_text_is_repaired_line_by_line():
    lines = TEXTS[2].split("\n")
    mixed = "\n".join(x.encode().decode("sloppy-windows-1252") if i % 2 else x for i, x in enumerate(lines))
    assert decode_article(mixed.encode()).text == TEXTS[2]


def test_a_line_the_codecs_can_hold_is_repaired_and_one_they_cannot_is_kept():
    for line in (x for text in TEXTS for x in text.split("\n") if not x.isascii()):
        once = line.encode().decode("sloppy-windows-1252")
        twice = once.encode().decode("latin-1")
        assert _unmojibake_line(once) == line and _unmojibake_line(twice) == line
        assert _unmojibake_line(line) == line
        assert _unmojibake_line(once + " ư") == once + " ư"  # no codec encodes ư: not mojibake, kept


def test_ascii_and_latin_text_survive():
    for text in ["Plain ASCII news.\nSecond line", "Café crème à Genève, naïve façade"]:
        assert decode_article(text.encode()).text == text


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty"),
        (b" \n\t\r\n", "empty"),
        (codecs.BOM_UTF8 + b"  \n", "empty"),
        ("\u00a0\u3000\n".encode(), "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary"),
        (b"PK\x03\x04" + b"x" * 100, "binary"),
        (b"text\x00with\x00nuls" * 10, "binary"),
        ("Tin tức".encode("utf-16-le"), "binary"),  # UTF-16 without BOM has NULs
        (bytes(range(1, 9)) * 50, "binary"),
        (bytes([0x81, 0x8D, 0x9E, 0xC0]) * 50, "undecodable"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "undecodable"),  # lone surrogate
    ],
)
def test_what_is_not_text_is_rejected_with_a_reason(data, reason):
    with pytest.raises(NotText) as err:
        decode_article(data)
    assert err.value.reason == reason
    assert err.value.detail


def test_random_bytes_never_pass_as_text():
    rng = __import__("random").Random(7)
    for _ in range(100):
        data = bytes(rng.randrange(0x20, 0x100) for _ in range(3000))
        with pytest.raises(NotText):
            decode_article(data)
    for _ in range(20):
        with pytest.raises(NotText):
            decode_article(os.urandom(2000))
