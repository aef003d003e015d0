"""Reader for the VLSP 2018 NER corpus (raw ``.muc`` files with nested ENAMEX tags).

Each file is one article: plain, untokenised text in which entities are marked inline as
``<ENAMEX TYPE="PERSON">...</ENAMEX>``; tags nest (an ORGANIZATION may contain a PERSON).
The reader strips the tags and returns, per non-blank line, the line text and its gold spans
as character offsets, with the nesting depth (1 = outermost).

The corpus is research-licensed: read it from a local directory, never ship it.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterator

SPLIT_DIRS = {"train": "VLSP2018-NER-train-Jan14", "dev": "VLSP2018-NER-dev"}
TYPES = {"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG", "MISCELLANEOUS": "MISC"}
_TAG = re.compile(r'<ENAMEX\s+TYPE\s*=\s*"([A-Z]+)"\s*>|</ENAMEX\s*>')


@dataclass
class Sentence:
    """One line of an article: text plus gold spans (start, end, type, depth)."""

    text: str
    spans: list[tuple[int, int, str, int]] = field(default_factory=list)
    doc: str = ""

    def level1(self, types: tuple[str, ...] = ("PER", "LOC", "ORG")) -> set[tuple[int, int, str]]:
        """Outermost entities (depth 1) of the given short types."""
        return {(s, e, t) for s, e, t, d in self.spans if d == 1 and t in types}


def parse_muc(raw: str) -> tuple[str, list[tuple[int, int, str, int]]]:
    """Strip ENAMEX tags; return (plain text in NFC, spans with depth), spans trimmed of white
    space."""
    raw = unicodedata.normalize("NFC", raw)
    out: list[str] = []
    pos = 0
    length = 0
    stack: list[tuple[int, str]] = []
    spans: list[tuple[int, int, str, int]] = []
    for m in _TAG.finditer(raw):
        chunk = raw[pos : m.start()]
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        if m.group(1):
            stack.append((length, TYPES.get(m.group(1), m.group(1))))
        elif stack:
            start, typ = stack.pop()
            spans.append((start, length, typ, len(stack) + 1))
    out.append(raw[pos:])
    text = "".join(out)
    fixed = []
    for s, e, t, d in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            fixed.append((s, e, t, d))
    return text, sorted(fixed)


def split_lines(text: str, spans, doc: str = "") -> list[Sentence]:
    """Cut a document into non-blank lines, moving spans to line-relative offsets."""
    sents: list[Sentence] = []
    pos = 0
    spans = sorted(spans)
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        lead = len(raw) - len(raw.lstrip())
        line = raw.strip()
        if not line:
            continue
        s0 = start + lead
        inside = [(s - s0, e - s0, t, d) for s, e, t, d in spans if s >= s0 and e <= s0 + len(line)]
        sents.append(Sentence(line, inside, doc))
    return sents


def list_files(data_dir: str, split: str) -> list[str]:
    """Sorted paths of the ``.muc`` files of a split ('train' or 'dev')."""
    root = os.path.join(data_dir, "raw", SPLIT_DIRS[split])
    if not os.path.isdir(root):
        root = os.path.join(data_dir, SPLIT_DIRS[split])
    paths = []
    for dirpath, _, files in os.walk(root):
        paths += [os.path.join(dirpath, f) for f in files if f.endswith(".muc")]
    return sorted(paths)


def read_docs(data_dir: str, split: str) -> Iterator[tuple[str, str, list]]:
    """(doc id, plain text, spans) for every article of the split."""
    for path in list_files(data_dir, split):
        with open(path, encoding="utf-8-sig") as fh:
            raw = fh.read().replace("\r\n", "\n").replace("\r", "\n")
        text, spans = parse_muc(raw)
        yield os.path.relpath(path, data_dir), text, spans


def read_split(data_dir: str, split: str) -> list[Sentence]:
    """All lines of all articles of a split, with gold spans."""
    sents: list[Sentence] = []
    for doc_id, text, spans in read_docs(data_dir, split):
        sents += split_lines(text, spans, doc_id)
    return sents


def evaluate(find, docs, types: tuple[str, ...] = ("PER", "LOC", "ORG")) -> dict[str, tuple]:
    """Exact-span (P, R, F1, gold count) per type and 'ALL' of ``find(text) -> [(s, e, type)]``
    against the outermost gold entities of ``docs`` [(doc id, text, spans)]."""
    tp = dict.fromkeys(types, 0)
    fp = dict.fromkeys(types, 0)
    fn = dict.fromkeys(types, 0)
    for _, text, spans in docs:
        gold = {(s, e, t) for s, e, t, d in spans if d == 1 and t in types}
        pred = {(s, e, t) for s, e, t in find(text) if t in types}
        for s, e, t in gold - pred:
            fn[t] += 1
        for s, e, t in pred - gold:
            fp[t] += 1
        for s, e, t in gold & pred:
            tp[t] += 1

    def prf(a, b, c):
        p = a / (a + b) if a + b else 0.0
        r = a / (a + c) if a + c else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0), a + c

    out = {t: prf(tp[t], fp[t], fn[t]) for t in types}
    out["ALL"] = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return out
