"""Write a corpus of hostile inputs built from real articles, with what each should become.

Used by the tests and by `make hostile` (then `BAOCHI_CORPUS=... make run`) to show that every input
is accounted for and that every decodable one keeps exactly its original text.
`python -m baochi.hostile OUT_DIR [SEEDS_DIR]`
"""

from __future__ import annotations

import codecs
import json
import sys
import unicodedata
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (sloppy-windows-1252, to forge real-world mojibake)

from baochi.warehouse import SEEDS_DIR

BIG_BYTES = 25 * 1024 * 1024
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below


def to_cp1258(text: str) -> bytes:
    """Encode as legacy Windows-1258: base letters precomposed where the code page has them,
    tone marks as combining characters (how Vietnamese Windows software wrote it)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        tones = "".join(m for m in marks if m in _TONE_MARKS)
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in _TONE_MARKS))
        out.append((letter + tones).encode("cp1258"))
    return b"".join(out)


def _variant(text: str, n: int) -> str:
    """A distinct article from a real one, so that variants are not duplicates of each other."""
    return f"{text.rstrip()}\nBản thử nghiệm số {n}.\n"


def build(out: str | Path, seeds: str | Path = SEEDS_DIR / "articles") -> dict[str, tuple[str, str]]:
    """Write the corpus; return {source_file: ("article", exact_text) | ("reject", reason)}."""
    out = Path(out)
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(seeds).glob("*.txt"))]
    expect: dict[str, tuple[str, str]] = {}

    def put(rel: str, data: bytes, outcome: tuple[str, str]) -> None:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expect[rel] = outcome

    t = [_variant(texts[i % len(texts)], i) for i in range(12)]
    put("a_clean.txt", t[0].encode(), ("article", t[0]))
    put("b_utf8_bom.txt", codecs.BOM_UTF8 + t[1].encode(), ("article", t[1]))
    put("c_utf16le.txt", t[2].encode("utf-16"), ("article", t[2]))
    put("c_utf16be.txt", codecs.BOM_UTF16_BE + t[3].encode("utf-16-be"), ("article", t[3]))
    put("d_cp1258.txt", to_cp1258(t[4]), ("article", t[4]))
    put("e_mojibake_1252.txt", t[5].encode().decode("sloppy-windows-1252").encode(), ("article", t[5]))
    put("e_mojibake_latin1.txt", t[6].encode().decode("latin-1").encode(), ("article", t[6]))
    put("f_nfd.txt", unicodedata.normalize("NFD", t[7]).encode(), ("article", t[7]))
    put("g_crlf.txt", t[8].replace("\n", "\r\n").encode(), ("article", t[8]))
    html = f"<html><head><title>Tin</title></head><body>\n<p>{t[9].strip()}</p>\n</body></html>\n"
    put("h_pasted.html.txt", html.encode(), ("article", html))
    put("nested/deeper/still/i_nested.txt", t[10].encode(), ("article", t[10]))
    put("nested/j_duplicate_cp1258.txt", to_cp1258(t[0]), ("reject", "duplicate"))
    put("k_empty.txt", b"", ("reject", "empty"))
    put("k_whitespace.txt", b"  \n\t \r\n\xc2\xa0\n", ("reject", "empty"))
    put("l_binary.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, ("reject", "binary"))
    put("l_nul.txt", b"tin t\x00c " * 200, ("reject", "binary"))
    put("m_undecodable.txt", bytes([0x81, 0x8D, 0x9E, 0x41, 0xC0, 0xFE]) * 300, ("reject", "undecodable"))
    big = (t[11] * (BIG_BYTES // len(t[11].encode()) + 1)).encode()
    put("n_big.txt", big, ("reject", "too_large"))
    put("o_notes.md", b"# notes\n", ("reject", "unsupported_type"))
    put(".DS_Store", b"\x00\x00\x00\x01Bud1", ("reject", "unsupported_type"))

    extra = _variant(texts[1], 20)
    mojibake_jsonl = _variant(texts[2], 21)
    lines = [
        json.dumps({"text": extra, "url": "https://tuoitre.vn/a-1.htm", "published_at": "2021-12-31T08:00:00+07:00",
                    "id": "x1"}, ensure_ascii=False).encode(),
        b'{"text": "unterminated',
        json.dumps({"title": "no text here"}).encode(),
        json.dumps({"text": "   "}).encode(),
        b"",
        b"[1, 2, 3]",
        json.dumps({"text": t[0]}, ensure_ascii=False).encode(),
        json.dumps({"text": mojibake_jsonl.encode().decode("sloppy-windows-1252"), "outlet": "Dân trí"}).encode(),
        b'{"text": "\xff\xfe bad bytes"}',
    ]
    put("p_feed.jsonl", b"\n".join(lines) + b"\n", ("file", "jsonl"))
    outcomes = [("article", extra), ("reject", "malformed_jsonl"), ("reject", "jsonl_no_text"),
                ("reject", "jsonl_no_text"), ("reject", "empty"), ("reject", "malformed_jsonl"),
                ("reject", "duplicate"), ("article", mojibake_jsonl), ("reject", "malformed_jsonl")]
    del expect["p_feed.jsonl"]
    for n, outcome in enumerate(outcomes, start=1):
        expect[f"p_feed.jsonl#L{n}"] = outcome
    put("q_empty.jsonl", b"", ("reject", "empty"))
    return expect


if __name__ == "__main__":
    manifest = build(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else SEEDS_DIR / "articles")
    print(f"wrote {len(manifest)} inputs to {sys.argv[1]}")
