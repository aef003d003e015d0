"""Syllable tokenisation and CRF features, shared by training and inference.

A line is cut into syllables (runs of word characters) and single punctuation marks. Only
*windows* are labelled: capitalised syllables, joined or widened through lower-case syllables
seen inside names in the train split (tỉnh, thành, phố, và, ...), plus one syllable of margin on
each side unless it is punctuation or a frequent word never seen in a name (của, là, ...); all
windows of a line form one CRF sequence. Proper names are capitalised, so a
syllable far from any capital is never in an entity, and skipping it keeps inference fast.

Features of a syllable: lower-cased form, shape, suffix and accent-free form (capitalised),
gazetteer tags, "not a Vietnamese syllable"; of its neighbours: forms (±2), shapes with tags
(±1), the two bigrams and whether they are common two-syllable words. Per-form features are
built once per distinct surface and cached; contexts are the cached forms of the neighbours.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import accumulate

# syllables (combining accents kept inside, for text that is not NFC) or single other characters
SPLIT_RE = re.compile(r"(\w[\w\u0300-\u036f]*|[^\w\s])")
MAX_INNER = 5  # lower-case syllables a window may cross or reach out to
# core of a window (one code letter per token): capitals joined by runs of inner syllables
_CORE_RE = re.compile(r"i{0,%d}[CL](?:i{0,%d}[CL])*i{0,%d}" % ((MAX_INNER,) * 3))
SENT_END = frozenset(".!?…:;\"“”'‘’([-–—•*|")


def tokenize(line: str) -> tuple[list[str], list[int]]:
    """Syllables/punctuation of a line and their start offsets."""
    parts = SPLIT_RE.split(line)
    cum = list(accumulate(map(len, parts)))
    return parts[1::2], cum[0:-1:2]


# onset, vowels, coda of a Vietnamese syllable (accents stripped); foreign words rarely fit
_VN_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")


def is_vietnamese_syllable(w: str) -> bool:
    """Whether a word could be one Vietnamese syllable (foreign names and abbreviations rarely are)."""
    return bool(_VN_SYLLABLE.fullmatch(strip_accents(w)))


def _nfc(w: str) -> str:
    return w if w.isascii() else unicodedata.normalize("NFC", w)


def shape(w: str) -> str:
    """Compact word shape: X for upper, x for lower, d for digit, the char itself otherwise."""
    out = []
    for c in w:
        k = "X" if c.isupper() else "x" if c.isalpha() else "d" if c.isdigit() else c
        if not out or out[-1] != k:
            out.append(k)
    return "".join(out)


def strip_accents(w: str) -> str:
    """Lower-case ASCII skeleton of a syllable (Việt -> viet), for foreign-looking names."""
    nfd = unicodedata.normalize("NFD", w.lower().replace("đ", "d"))
    return "".join(c for c in nfd if not unicodedata.combining(c))


class _Cache(dict):
    """A dict that fills itself with ``make(key)`` on a miss (cleared when it reaches ``limit``;
    None: never, the owner bounds it)."""

    def __init__(self, make, limit: int | None = 100_000):  # ~140 MB at most per worker process
        super().__init__()
        self.make, self.limit = make, limit

    def __missing__(self, key):
        value = self.make(key)
        if self.limit is not None and len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value


# Stand-ins for the syllables before the start and after the end of a line.
_BEFORE2 = ((), (), (), (), (), b"", b"", b"")
_BEFORE1 = ((), (b"BOS",), (), (), (), b"<s>", b"bg-=<s>|", b"")
_AFTER1 = ((), (), (b"EOL",), (), (), b"</s>", b"", b"")
_AFTER2 = _BEFORE2


class Featurizer:
    """Windows and feature lists. ``syllables`` maps a lower-cased syllable to gazetteer tags
    (PER_B, LOC_I, ...; LC = mostly written in lower case; IN = may occur inside a name);
    ``words`` lists common two-syllable words ("giáo|dục"). Features are UTF-8 ``bytes``, which
    crfsuite takes without re-encoding."""

    def __init__(self, syllables: dict[str, list[str]] | None = None, words: list[str] | None = None):
        self.lexicon = syllables or {}
        self.words = {b"bg-=" + w.encode() for w in words or ()} | {b"bg+=" + w.encode() for w in words or ()}
        self._forms = _Cache(self._make_forms)
        self._codes = _Cache(self._make_code)

    def _make_code(self, w: str) -> str:
        """'C' capitalised, 'L' capitalised common word (mostly written in lower case),
        'i' lower case but may be inside a name, 'x' punctuation or frequent word never seen in
        a name (not even a window's margin), 'o' other."""
        w = _nfc(w)
        tags = self.lexicon.get(w.lower(), ())
        if w[0].isupper():
            return "L" if "LC" in tags else "C"
        if "IN" in tags:
            return "i"
        return "x" if "NM" in tags or not w[0].isalnum() else "o"

    def windows(self, words: list[str]) -> list[tuple[int, int]]:
        """Token index ranges [a, b) to label. A lone capitalised common word opening a
        sentence (Theo, Các, Trong, ...) is not a window."""
        codes = "".join(map(self._codes.__getitem__, words))
        if "C" not in codes and "L" not in codes:
            return []
        n = len(codes)
        out: list[tuple[int, int]] = []
        for core in _CORE_RE.finditer(codes):
            a, b = core.span()
            if b - a == 1 and codes[a] == "L" and (a == 0 or words[a - 1][0] in SENT_END):
                continue
            if a and codes[a - 1] != "x":
                a -= 1
            if b < n and codes[b] != "x":
                b += 1
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
        return out

    def _make_forms(self, w: str) -> tuple:
        """(own features, as left neighbour, as right neighbour, as left-2, as right-2, lower,
        left-bigram prefix, right-bigram prefix)."""
        w = _nfc(w)
        low = w.lower()
        shp = shape(w)
        tags = self.lexicon.get(low, ())
        own = ["w=" + low, "s=" + shp]
        if w[0].isupper() and len(w) > 3:
            own.append("x3=" + low[-3:])
            own.append("a=" + strip_accents(w))
        own += ["g=" + t for t in tags]
        gk = "".join(t[0] + t[-1] for t in tags if t != "IN")
        if w.isalpha() and not _VN_SYLLABLE.fullmatch(strip_accents(w)):
            own.append("nv")  # not a Vietnamese syllable: foreign word or abbreviation
            gk += "!"
        left = ["-1=" + low, "-1sg=" + shp + gk] + (["BOS"] if w[0] in SENT_END else [])
        right = ["+1=" + low, "+1sg=" + shp + gk]
        return tuple(
            tuple(x.encode() for x in group)
            for group in (own, left, right, ["-2=" + low], ["+2=" + low])
        ) + (low.encode(), ("bg-=" + low + "|").encode(), ("bg+=" + low + "|").encode())

    def line(self, words: list[str]) -> tuple[list[int], list[list[bytes]]]:
        """Indices of the tokens to label in a line and their features: all windows of the line
        as one sequence (a CRF call per line, not per window)."""
        idx: list[int] = []
        xseq: list[list[bytes]] = []
        for a, b in self.windows(words):
            idx += range(a, b)
            xseq += self.sequence(words, a, b)
        return idx, xseq

    def sequence(self, words: list[str], a: int, b: int) -> list[list[bytes]]:
        """Feature lists for tokens a..b-1 of a line, with context from the whole line."""
        n = len(words)
        forms = list(map(self._forms.__getitem__, words[max(0, a - 2) : b + 2]))
        if a < 2:
            forms[:0] = (_BEFORE2, _BEFORE1)[a:]
        if b + 2 > n:
            forms += (_AFTER1, _AFTER2)[: b + 2 - n]
        xseq = []
        words2 = self.words
        for pp, p, f, q, qq in zip(forms, forms[1:], forms[2:], forms[3:], forms[4:]):
            left, right = p[6] + f[5], f[7] + q[5]
            x = [*f[0], *p[1], *q[2], *pp[3], *qq[4], left, right]
            if left in words2:
                x.append(b"W-")
            if right in words2:
                x.append(b"W+")
            xseq.append(x)
        return xseq
