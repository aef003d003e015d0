"""Syllable tokenisation and CRF features, shared by training and inference.

A line is cut into syllables (runs of word characters) and single punctuation marks. Only
*windows* are labelled: a capitalised syllable, widened through lower-case syllables that are
known to occur inside names (``inner``: tỉnh, thành, phố, và, ...), plus one syllable of margin
on each side. Proper names are capitalised, so a syllable far from any capital is never in an
entity, and skipping it keeps inference fast. Features of a syllable depend only on its surface
form, so they are built once per distinct form and cached; context features of position i are
the cached forms of its neighbours.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import accumulate

SPLIT_RE = re.compile(r"(\w+|[^\w\s])")
MAX_INNER = 5  # lower-case syllables a window may cross or reach out to
MARGIN = 1  # extra syllables labelled on each side of a window
# core of a window (one code letter per token): capitals joined by runs of inner syllables
_CORE_RE = re.compile(r"i{0,%d}C(?:i{0,%d}C)*i{0,%d}" % ((MAX_INNER,) * 3))
_SENT_END = frozenset(".!?…:;\"“”'‘’([-–—•*|")


def tokenize(line: str) -> tuple[list[str], list[int]]:
    """Syllables/punctuation of a line and their start offsets."""
    parts = SPLIT_RE.split(line)
    cum = list(accumulate(map(len, parts)))
    return parts[1::2], cum[0:-1:2]


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
    """A dict that fills itself with ``make(key)`` on a miss (bounded)."""

    def __init__(self, make, limit: int = 300_000):
        super().__init__()
        self.make, self.limit = make, limit

    def __missing__(self, key):
        value = self.make(key)
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value


# Stand-ins for the syllables before the start and after the end of a line.
_BEFORE2 = ((), (), (), (), (), "", "", "")
_BEFORE1 = ((), ("BOS",), (), (), (), "<s>", "bg-=<s>|", "")
_AFTER1 = ((), (), ("EOL",), (), (), "</s>", "", "")
_AFTER2 = _BEFORE2


class Featurizer:
    """Windows and feature lists. ``syllables`` maps a lower-cased syllable to gazetteer tags
    (PER_B, LOC_I, LC, IN = may occur inside a name, ...); ``phrases`` maps known names
    (lower-cased, space-joined syllables) to their type."""

    def __init__(self, syllables: dict[str, list[str]] | None = None, phrases: dict[str, str] | None = None):
        self.lexicon = syllables or {}
        self.phrases = phrases or {}
        self._first: dict[str, list[int]] = {}
        for p in self.phrases:
            parts = p.split(" ")
            self._first.setdefault(parts[0], []).append(len(parts))
        for lens in self._first.values():
            lens.sort(reverse=True)
        self._forms = _Cache(self._make_forms)
        self._codes = _Cache(self._make_code)

    def _make_code(self, w: str) -> str:
        """'C' capitalised, 'i' may be inside a name, 'o' other."""
        if w[0].isupper():
            return "C"
        return "i" if "IN" in self.lexicon.get(w.lower(), ()) else "o"

    def windows(self, words: list[str]) -> list[tuple[int, int]]:
        """Token index ranges [a, b) to label."""
        codes = "".join(map(self._codes.__getitem__, words))
        if "C" not in codes:
            return []
        n, m = len(codes), MARGIN
        out: list[tuple[int, int]] = []
        for core in _CORE_RE.finditer(codes):
            a, b = core.span()
            a, b = max(0, a - m), min(n, b + m)
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
        return out

    def _make_forms(self, w: str) -> tuple:
        """(own features, as left neighbour, as right neighbour, as left-2, as right-2, lower,
        left-bigram prefix, right-bigram prefix)."""
        low = w.lower()
        shp = shape(w)
        tags = self.lexicon.get(low, ())
        own = ["w=" + low, "s=" + shp]
        if w[0].isupper() and len(w) > 3:
            own.append("x3=" + low[-3:])
            own.append("a=" + strip_accents(w))
        own += ["g=" + t for t in tags]
        gk = "".join(t[0] + t[-1] for t in tags if t != "IN")
        left = ("-1=" + low, "-1s=" + shp, "-1g=" + gk) + (("BOS",) if w[0] in _SENT_END else ())
        right = ("+1=" + low, "+1s=" + shp, "+1g=" + gk)
        return (tuple(own), left, right, ("-2=" + low,), ("+2=" + low,), low, "bg-=" + low + "|", "bg+=" + low + "|")

    def _matches(self, lows: list[str], a: int, b: int) -> dict[int, str]:
        """Gazetteer tag (e.g. 'LOC_B') of tokens a..b-1 by greedy longest phrase match."""
        tags: dict[int, str] = {}
        first, phrases = self._first, self.phrases
        i = a
        while i < b:
            step = 1
            for n in first.get(lows[i], ()):
                if i + n <= b:
                    typ = phrases.get(" ".join(lows[i : i + n]))
                    if typ:
                        tags[i] = typ + "_B"
                        for k in range(i + 1, i + n):
                            tags[k] = typ + "_I"
                        step = n
                        break
            i += step
        return tags

    def sequence(self, words: list[str], a: int, b: int) -> list[list[str]]:
        """Feature lists for tokens a..b-1 of a line, with context from the whole line."""
        n = len(words)
        forms = list(map(self._forms.__getitem__, words[max(0, a - 2) : b + 2]))
        if a < 2:
            forms[:0] = (_BEFORE2, _BEFORE1)[a:]
        if b + 2 > n:
            forms += (_AFTER1, _AFTER2)[: b + 2 - n]
        xseq = [
            [*f[0], *p[1], *q[2], *pp[3], *qq[4], p[6] + f[5], f[7] + q[5]]
            for pp, p, f, q, qq in zip(forms, forms[1:], forms[2:], forms[3:], forms[4:])
        ]
        if self._first:
            for k, tag in self._matches([f[5] for f in forms], 2, b - a + 2).items():
                xseq[k - 2].append("G=" + tag)
        return xseq
