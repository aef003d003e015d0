"""Bytes -> Unicode text for scraped news, or a reason why the bytes are not text.

Real scrapes arrive as UTF-8 (with or without BOM), UTF-16/32 with BOM, legacy Windows-1258
(Vietnamese with combining tone marks), or UTF-8 that was decoded as Windows-1252/Latin-1 and
saved again (mojibake). We rely on Python's codecs and ftfy's "sloppy" codecs; the mojibake repair
is an exact inverse (re-encode, decode as UTF-8), so clean text can never be altered by it.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-* codecs)


class NotText(Exception):
    """Raised when input bytes cannot become an article's text."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass
class Decoded:
    text: str
    encoding: str
    repairs: list[str] = field(default_factory=list)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = {
    b"%PDF": "PDF document",
    b"PK\x03\x04": "ZIP archive (or DOCX/XLSX)",
    b"\x89PNG": "PNG image",
    b"GIF8": "GIF image",
    b"\xff\xd8\xff": "JPEG image",
    b"\x1f\x8b": "gzip archive",
    b"\x7fELF": "ELF executable",
    b"BZh": "bzip2 archive",
}
# Control characters that never occur in text (tab, LF, FF, CR and ESC-free text aside).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_MOJIBAKE_CODECS = ("sloppy-windows-1252", "latin-1")
_VIET_EXTRA = set("ĂÂĐÊÔƠƯăâđêôơư“”‘’–—…•€°«»·×")
_NEWLINES = re.compile(r"\r\n?")
# UTF-8 lead bytes 0xC2-0xEF read as Latin-1: every mojibake line has one of these.
_MOJIBAKE_LEAD = re.compile("[\u00c2-\u00ef]")
# A character no codec above can encode (ư, ơ, ạ, ...): the line cannot be mojibake, as is most
# Vietnamese text, whose Latin-1 letters (â, ê, à) set off _MOJIBAKE_LEAD. The codecs are single-byte:
# what they encode is what they decode the 256 bytes to.
_NOT_MOJIBAKE = re.compile("[^%s]" % re.escape("".join(sorted(
    set().union(*(bytes(range(256)).decode(codec) for codec in _MOJIBAKE_CODECS))))))


def sniff_binary(data: bytes) -> str | None:
    """Why these bytes look binary, or None. UTF-16/32 with a BOM are not binary."""
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return f"starts like a {what}"
    head = data[:65536]
    if b"\x00" in head:
        return "contains NUL bytes (binary, or UTF-16/32 without a byte-order mark)"
    n_ctrl = sum(head.count(bytes([b])) for b in _CONTROL_BYTES)
    if head and n_ctrl / len(head) > 0.01:
        return f"{n_ctrl} control bytes in the first {len(head)} bytes"
    return None


def _looks_vietnamese_or_ascii(text: str) -> bool:
    """True when nearly every character is one a Vietnamese text uses."""
    odd = 0
    for ch in text:
        if ch.isascii() or ch in _VIET_EXTRA:
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        if not (base.isascii() and base.isalpha()) and not unicodedata.combining(ch):
            odd += 1
    return odd <= max(2, len(text) // 200)


def decode_bytes(data: bytes) -> Decoded:
    """Decode one input's bytes; raise NotText(reason, detail) when they are not text."""
    if not data.strip():
        raise NotText("empty", "the input has no characters" if not data else "only whitespace")
    why_binary = sniff_binary(data)
    if why_binary:
        raise NotText("binary", why_binary)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as err:
                raise NotText("undecodable", f"{encoding} byte-order mark, but {err}") from err
            return Decoded(text.lstrip("\ufeff"), encoding.replace("-sig", ""), ["bom"])
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_err:
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            text = None
        if text is not None and _looks_vietnamese_or_ascii(unicodedata.normalize("NFC", text)):
            return Decoded(text, "cp1258")
        raise NotText(
            "undecodable",
            f"not UTF-8 ({utf8_err.reason} at byte {utf8_err.start}) and not Windows-1258 Vietnamese",
        ) from utf8_err


def _unmojibake_line(line: str) -> str:
    """Undo UTF-8 that was read as Windows-1252/Latin-1, exactly, or return the line unchanged."""
    if _NOT_MOJIBAKE.search(line):  # what the codecs would say (neither encodes it), without trying
        return line
    for _ in range(2):  # text can be double-encoded twice
        for codec in _MOJIBAKE_CODECS:
            try:
                fixed = line.encode(codec).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if fixed != line:
                line = fixed
                break
        else:
            return line
    return line


def normalize_text(text: str, repairs: list[str] | None = None) -> str:
    """Mojibake repair, NFC, LF line endings, no BOM; record what was changed in `repairs`."""
    repairs = repairs if repairs is not None else []
    if text.startswith("\ufeff"):
        text = text[1:]
        if "bom" not in repairs:
            repairs.append("bom")
    if "\r" in text:
        text = _NEWLINES.sub("\n", text)
        repairs.append("crlf")
    if _MOJIBAKE_LEAD.search(text):
        fixed = "\n".join(_unmojibake_line(line) for line in text.split("\n"))
        if fixed != text:
            text = fixed
            repairs.append("mojibake")
    nfc = unicodedata.normalize("NFC", text)
    if nfc != text:
        text = nfc
        repairs.append("nfc")
    return text


def decode_article(data: bytes) -> Decoded:
    """Decode and normalise the bytes of a whole `.txt` article."""
    decoded = decode_bytes(data)
    decoded.text = normalize_text(decoded.text, decoded.repairs)
    if not decoded.text.strip():
        raise NotText("empty", f"only whitespace after decoding as {decoded.encoding}")
    return decoded
