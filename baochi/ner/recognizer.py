"""Fast offline named-entity recogniser for Vietnamese news (PERSON, ORGANIZATION, LOCATION).

A linear-chain CRF (python-crfsuite) labels syllables with BIO tags, but only inside windows
around capitalised syllables (see ``features.Featurizer.windows``). The model and its small
gazetteer are built from the VLSP 2018 train split by ``scripts/train_ner.py`` and shipped as
``model.crfsuite`` + ``lexicon.json`` next to this file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pycrfsuite

from baochi.ner.features import Featurizer, tokenize

HERE = Path(__file__).resolve().parent
MODEL_PATH = HERE / "model.crfsuite"
LEXICON_PATH = HERE / "lexicon.json"
LONG_TYPES = {"PER": "PERSON", "LOC": "LOCATION", "ORG": "ORGANIZATION"}
_LINE_RE = re.compile(r"[^\n]+")
# Lower-case honorifics / kin terms that precede names but are not part of them.
HONORIFICS = frozenset(
    "ông bà anh chị cô chú bác cậu em cụ ngài thầy mợ dì thím bé cháu con nàng chàng ả lão "
    "mr mrs ms miss dr sir".split()
)
_EDGE_PUNCT = frozenset(".,;:!?-–—'\"“”‘’()[]{}/\\|*•…&+")


class Recognizer:
    """``Recognizer.load().find(text)`` -> [(char_start, char_end, type)]."""

    _cached: "Recognizer | None" = None

    def __init__(self, model_path: str | Path, syllables: dict | None = None, phrases: dict | None = None):
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(model_path))
        self.featurizer = Featurizer(syllables, phrases)

    @classmethod
    def load(cls) -> "Recognizer":
        """The shipped model, loaded once per process."""
        if cls._cached is None:
            lex = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
            cls._cached = cls(MODEL_PATH, lex["syllables"], lex["phrases"])
        return cls._cached

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Entities of ``text`` as (start, end, PERSON|ORGANIZATION|LOCATION), in order."""
        return [(s, e, LONG_TYPES[t]) for s, e, t in self.find_short(text) if t in LONG_TYPES]

    def find_short(self, text: str) -> list[tuple[int, int, str]]:
        """Entities with short types (PER, LOC, ORG, MISC), trimmed of honorifics/punctuation."""
        out: list[tuple[int, int, str]] = []
        tag = self.tagger.tag
        feat = self.featurizer
        for line in _LINE_RE.finditer(text):
            words, starts = tokenize(line.group())
            if not words:
                continue
            base = line.start()
            for a, b in feat.windows(words):
                labels = tag(feat.sequence(words, a, b))
                if labels.count("O") != len(labels):
                    out += _decode(labels, a, words, starts, base)
        return out


def _decode(labels, offset: int, words, starts, base: int) -> list[tuple[int, int, str]]:
    """BIO labels of tokens offset.. -> trimmed character spans."""
    found = []
    cur = None  # [first token, last token, type]
    for k, lab in enumerate(labels):
        i = offset + k
        if lab == "O":
            if cur:
                found.append(cur)
            cur = None
            continue
        bio, typ = lab[0], lab[2:]
        if bio == "B" or cur is None or cur[2] != typ:
            if cur:
                found.append(cur)
            cur = [i, i, typ]
        else:
            cur[1] = i
    if cur:
        found.append(cur)
    out = []
    for i, j, typ in found:
        while i <= j and (words[i] in _EDGE_PUNCT or (typ == "PER" and _is_honorific(words, i, j))):
            i += 1
        while j >= i and words[j] in _EDGE_PUNCT:
            j -= 1
        if i <= j and any(c.isalnum() for c in words[i]):
            out.append((base + starts[i], base + starts[j] + len(words[j]), typ))
    return out


def _is_honorific(words, i: int, j: int) -> bool:
    """An honorific (ông, Bà, ...) in front of a capitalised name."""
    return i < j and words[i].lower() in HONORIFICS and words[i + 1][0].isupper()
