"""A crfsuite linear-chain CRF read into numpy, and Viterbi decoding of many sequences at once.

crfsuite tags one sequence per call, turning every feature string into an attribute id on the way;
a news article is a dozen such calls and most of its NER time. Here the weights are plain arrays,
so a caller can sum a token's state scores from rows it cached per word, and decode every line of
a chunk of articles together: one numpy step per position, over all sequences still that long.
The decoding follows crfsuite's (the lowest best label at the end, the lowest best predecessor at
each step). The sums are crfsuite's grouped differently, so they may differ in the last bits; the
tests hold the labels equal to crfsuite's own on real text.

Model file layout (crfsuite's crf1d_model.c, little-endian): a 48-byte header with the offsets of
the feature chunk ("FEAT": records of type, source, destination as uint32 and the weight as a
double; type 0 = attribute -> label, 1 = label -> label) and of two CQDB chunks holding the label
and attribute strings by id.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


def _strings(data: bytes, offset: int) -> list[bytes]:
    """The strings of a CQDB chunk, in id order (its backward array points at each record)."""
    magic, _size, _flag, _order, count, backward = struct.unpack_from("<4s5I", data, offset)
    if magic != b"CQDB":
        raise ValueError(f"not a crfsuite model: no string table at {offset:#x}")
    out = []
    for i, record in enumerate(np.frombuffer(data, "<u4", count, offset + backward).tolist()):
        rid, size = struct.unpack_from("<II", data, offset + record)
        if rid != i:
            raise ValueError("not a crfsuite model: string table out of order")
        start = offset + record + 8
        out.append(data[start : start + size - 1])  # size counts the closing NUL
    return out


class ChainWeights:
    """Labels, attribute rows and weights of a crfsuite model: ``state[row(attribute)]`` is the
    attribute's score for every label, ``trans[a, b]`` the score of label a followed by b."""

    def __init__(self, labels: list[str], attributes: dict[bytes, int], state: np.ndarray, trans: np.ndarray):
        self.labels, self.attributes, self.state, self.trans = labels, attributes, state, trans

    @classmethod
    def load(cls, path: str | Path) -> "ChainWeights":
        data = Path(path).read_bytes()
        head = struct.unpack_from("<4sI4s9I", data, 0)
        if head[0] != b"lCRF" or head[2] != b"FOMC":
            raise ValueError(f"{path}: not a crfsuite CRF1d model")
        n_labels, n_attributes, off_features, off_labels, off_attributes = head[5:10]
        magic, _size, n_features = struct.unpack_from("<4sII", data, off_features)
        if magic != b"FEAT":
            raise ValueError(f"{path}: no feature table")
        features = np.frombuffer(data, _FEATURE, n_features, off_features + 12)
        labels = [s.decode() for s in _strings(data, off_labels)]
        names = _strings(data, off_attributes)
        if len(labels) != n_labels or len(names) != n_attributes:
            raise ValueError(f"{path}: label or attribute count does not match its header")
        if n_labels > 127:  # viterbi keeps its back-pointers as int8
            raise ValueError(f"{path}: {n_labels} labels, at most 127 are supported")
        state = np.zeros((n_attributes, n_labels))
        trans = np.zeros((n_labels, n_labels))
        for kind, table in ((0, state), (1, trans)):
            rows = features[features["type"] == kind]
            np.add.at(table, (rows["src"], rows["dst"]), rows["weight"])
        return cls(labels, {name: i for i, name in enumerate(names)}, state, trans)

    def score(self, features) -> np.ndarray:
        """The summed state scores of some attributes (unknown ones score nothing)."""
        rows = [r for r in map(self.attributes.get, features) if r is not None]
        return self.state[rows].sum(0) if rows else np.zeros(len(self.labels))


def viterbi(scores: np.ndarray, starts: np.ndarray, lengths: np.ndarray, trans: np.ndarray) -> np.ndarray:
    """The best label of every token: sequence k is ``scores[starts[k] : starts[k] + lengths[k]]``
    (token x label state scores; every length at least 1). All sequences advance together,
    longest first, so a step is a few array operations however many sequences there are. Ties go
    to the lower label, as in crfsuite."""
    best = np.zeros(len(scores), dtype=np.int64)
    if not len(starts):
        return best
    order = np.argsort(-lengths, kind="stable")
    starts, lengths = starts[order], lengths[order]
    longest = int(lengths[0])
    alive = np.searchsorted(-lengths, -np.arange(longest + 1), side="left")  # alive[t]: sequences longer than t
    back = np.zeros(scores.shape, dtype=np.int8)
    last = np.zeros(len(starts), dtype=np.int64)
    delta = scores[starts]
    for t in range(1, longest):
        k = alive[t]
        if k < len(delta):  # these ended at t - 1
            last[k : len(delta)] = delta[k:].argmax(1)
            delta = delta[:k]
        rows = starts[:k] + t
        step = delta[:, :, None] + trans
        arg = step.argmax(1)
        back[rows] = arg
        delta = np.take_along_axis(step, arg[:, None, :], 1)[:, 0, :] + scores[rows]
    last[: len(delta)] = delta.argmax(1)
    for t in range(longest - 1, -1, -1):
        k = alive[t + 1] if t + 1 < longest else 0
        if k:
            last[:k] = back[starts[:k] + t + 1, last[:k]]
        k = alive[t]
        best[starts[:k] + t] = last[:k]
    return best
