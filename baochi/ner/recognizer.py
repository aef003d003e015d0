"""Fast offline named-entity recogniser for Vietnamese news (PERSON, ORGANIZATION, LOCATION).

A linear-chain CRF (trained with python-crfsuite) labels syllables with BILOU tags, but only
inside windows around capitalised syllables (see ``features.Featurizer.windows``); spans are then
trimmed of honorifics and punctuation and made consistent across the document. The model and its
small gazetteer are built from the VLSP 2018 train split by ``scripts/train_ner.py`` and shipped
as ``model.crfsuite`` + ``lexicon.json`` next to this file. Tagging reads the model's weights into
numpy and labels all lines of many texts in one pass (``tagging.ChunkTagger``): ``find_many`` is
the fast way for a batch of articles. A Recognizer may be shared by threads (tagging is locked).
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from itertools import accumulate
from pathlib import Path

from baochi.ner.chain import ChainWeights
from baochi.ner.features import SENT_END, SPLIT_RE, Featurizer
from baochi.ner.tagging import ChunkTagger

HERE = Path(__file__).resolve().parent
MODEL_PATH = HERE / "model.crfsuite"
LEXICON_PATH = HERE / "lexicon.json"
LONG_TYPES = {"PER": "PERSON", "LOC": "LOCATION", "ORG": "ORGANIZATION"}
_LINE_RE = re.compile(r"[^\n]+")
# Lower-case honorifics / kin terms that precede names but are not part of them.
HONORIFICS = frozenset(
    "ông bà anh chị cô chú bác cậu em cụ ngài thầy mợ dì thím bé cháu con nàng chàng ả lão "
    "người".split()
)
_FOREIGN_TITLES = frozenset("mr mrs ms miss dr sir".split())
_WORD_CHAR = re.compile(r"[\w\u0300-\u036f]")
_PREV_WORD = re.compile(r"(\w+) *$")
_NEXT_WORD = re.compile(r" *(\w+)")
_NON_O = re.compile(r"[^O]+")


class _FirstLetter(dict):
    def __missing__(self, label: str) -> str:
        self[label] = label[0]
        return label[0]


_FIRST_LETTER = _FirstLetter()


class Recognizer:
    """``Recognizer.load().find(text)`` -> [(char_start, char_end, type)]; ``find_many(texts)``."""

    _cached: "Recognizer | None" = None
    _lock = threading.Lock()

    def __init__(self, model_path: str | Path, syllables: dict | None = None, words: list | None = None):
        self.featurizer = Featurizer(syllables, words)
        self._tagger = ChunkTagger(self.featurizer, ChainWeights.load(model_path))
        self._tagging = threading.Lock()

    @classmethod
    def load(cls) -> "Recognizer":
        """The shipped model, loaded once per process."""
        with cls._lock:
            if cls._cached is None:
                lex = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
                cls._cached = cls(MODEL_PATH, lex["syllables"], lex.get("words"))
        return cls._cached

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Entities of ``text`` as (start, end, PERSON|ORGANIZATION|LOCATION), in order."""
        return self.find_many([text])[0]

    def find_many(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        """``find`` of every text, tagged together (much faster per text than one at a time)."""
        return [[(s, e, LONG_TYPES[t]) for s, e, t in found if t in LONG_TYPES] for found in self.find_many_short(texts)]

    def find_short(self, text: str) -> list[tuple[int, int, str]]:
        """Entities with short types (PER, LOC, ORG)."""
        return self.find_many_short([text])[0]

    def find_many_short(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        """``find_short`` of every text: the lines of all texts are tagged in one call."""
        lines = []  # (text number, line start, parts: white space and tokens alternating)
        for n, text in enumerate(texts):
            for line in _LINE_RE.finditer(text):
                lines.append((n, line.start(), SPLIT_RE.split(line.group())))
        with self._tagging:
            tagged = self._tagger.tag([parts[1::2] for _, _, parts in lines])
        out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        for (n, base, parts), found in zip(lines, tagged):
            if found and found[1].count("O") != len(found[1]):
                out[n] += _decode(found[1], found[0], parts[1::2], parts, base)
        return [_propagate(text, found) if found else found for text, found in zip(texts, out)]


def _decode(labels, idx, words, parts, base: int) -> list[tuple[int, int, str]]:
    """BILOU (or BIO) labels of tokens ``idx`` of a line -> trimmed character spans; ``parts``
    alternate white space and tokens (SPLIT_RE.split of the line)."""
    found = []
    cur = None  # [first token, last token, type]
    code = "".join(map(_FIRST_LETTER.__getitem__, labels))
    for run in _NON_O.finditer(code):
        last = -2
        for k in range(*run.span()):
            lab, i = labels[k], idx[k]
            if i != last + 1 and cur:  # a gap between windows ends any entity
                found.append(cur)
                cur = None
            last = i
            bio, typ = lab[0], lab[2:]
            if bio in "BU" or cur is None or cur[2] != typ:
                if cur:
                    found.append(cur)
                cur = [i, i, typ]
            else:
                cur[1] = i
            if bio in "LU":
                found.append(cur)
                cur = None
        if cur:
            found.append(cur)
            cur = None
    out = []
    cum = None
    for i, j, typ in found:
        while i <= j and (not words[i][0].isalnum() or _is_honorific(words, i, j, typ)):
            i += 1
        while j >= i and not words[j][0].isalnum():
            j -= 1
        if i <= j:
            if cum is None:
                cum = list(accumulate(map(len, parts)))  # cum[2k] = start of token k
            out.append((base + cum[2 * i], base + cum[2 * j + 1], typ))
    return out


def _is_honorific(words, i: int, j: int, typ: str) -> bool:
    """Whether the first token of a span is a title word to drop: a lower-case honorific or
    'người' (ông, bà, người Việt Nam), any lower-case word before a person's name, or, for a
    person, a capitalised honorific opening a sentence (Ông Putin). Elsewhere a capitalised one
    is a given name (Anh Tuấn)."""
    if i >= j:
        return False
    w = words[i]
    if w.islower():
        return typ == "PER" or w in HONORIFICS
    low = w.lower()
    if typ != "PER":
        return False
    return low in _FOREIGN_TITLES or (low in HONORIFICS and (i == 0 or words[i - 1][0] in SENT_END))


def _propagate(text: str, ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Document-level consistency: every mention of a name gets the name's commonest type, and
    untagged repeats of a found name (3+ chars, not glued to other capitalised words) are added."""
    types: dict[str, list[str]] = {}
    for s, e, t in ents:
        types.setdefault(text[s:e], []).append(t)
    best = {surf: (ts[0] if len(ts) == 1 else Counter(ts).most_common(1)[0][0]) for surf, ts in types.items()}
    out = [(s, e, best[text[s:e]]) for s, e, _ in ents]
    taken = bytearray(len(text) + 1)
    for s, e, _ in out:
        taken[s:e] = b"\x01" * (e - s)
    n = len(text)
    for surf, typ in best.items():
        if len(surf) < 3:
            continue
        i = text.find(surf)
        while i >= 0:
            j = i + len(surf)
            if (
                not any(taken[i:j])
                and not (i and _WORD_CHAR.match(text, i - 1))
                and not (j < n and _WORD_CHAR.match(text, j))
                and not _glued(text, i, j)
            ):
                out.append((i, j, typ))
                taken[i:j] = b"\x01" * (j - i)
            i = text.find(surf, j)
    out.sort()
    return out


def _glued(text: str, i: int, j: int) -> bool:
    """Whether a capitalised word directly precedes or follows text[i:j] (same phrase)."""
    m = _PREV_WORD.search(text, max(0, i - 30), i)
    if m and m.group(1)[0].isupper():
        return True
    m = _NEXT_WORD.match(text, j)
    return bool(m and m.group(1)[0].isupper())
