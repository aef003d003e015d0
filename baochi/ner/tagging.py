"""CRF labels for the windows of many lines at once, with the features of ``features.Featurizer``.

A token's features are those of its own form plus those its neighbours' forms contribute (±1, ±2)
and the two bigrams around it, and a CRF's state score is a sum over features. So each distinct
word gets five score rows once (own, as left and right neighbour, as second left and right), each
adjacent word pair its two bigram rows, and a token's score is seven rows gathered and added; the
lines of a whole chunk are then decoded together (``chain.viterbi``). The features are the ones
the model was trained on, and the labels are crfsuite's (see tests/test_chain.py).
"""

from __future__ import annotations

import numpy as np

from baochi.ner.chain import ChainWeights, viterbi
from baochi.ner.features import _AFTER1, _AFTER2, _BEFORE1, _BEFORE2, Featurizer, _Cache

# Stand-ins around a line: no token is two characters starting with NUL.
_PAD, _END = ("\0B", "\0b"), ("\0a", "\0A")
_STAND_INS = dict(zip(_PAD + _END, (_BEFORE2, _BEFORE1, _AFTER1, _AFTER2)))
_ROLES = 5  # own, as left neighbour, as right neighbour, as second left, as second right


class ChunkTagger:
    """``tag(lines)``: for every line (its tokens), the indices of the tokens labelled and their
    labels, or None when the line has no window. Not thread-safe (the caller locks)."""

    def __init__(self, featurizer: Featurizer, weights: ChainWeights, limit: int = 60_000):
        self.featurizer, self.weights, self.limit = featurizer, weights, limit
        attributes = weights.attributes
        keys = [k for k in attributes if k.startswith((b"bg-=", b"bg+="))]
        keys += [k for k in featurizer.words if k not in attributes]
        self._bigram = {k: i + 1 for i, k in enumerate(keys)}  # row 0: no bigram feature
        rows = np.zeros((len(keys) + 1, len(weights.labels)))
        known = [(self._bigram[k], attributes[k]) for k in keys if k in attributes]
        rows[[i for i, _ in known]] = weights.state[[a for _, a in known]]
        # a common two-syllable word adds W- or W+ to its bigram's score
        for prefix, flag in ((b"bg-=", b"W-"), (b"bg+=", b"W+")):
            rows[[self._bigram[k] for k in featurizer.words if k.startswith(prefix)]] += weights.score([flag])
        self._bigram_rows = rows
        self._reset()

    def _reset(self) -> None:
        # word -> its number (row in self._rows); bounded by tag(), between calls
        self._ids = _Cache(self._new_id, limit=None)
        self._words: list[str] = []  # by number
        self._rows = np.zeros((_ROLES, 4096, len(self.weights.labels)))
        self._new: list[tuple[int, tuple]] = []
        # word pairs seen (first number << 32 | second), sorted, with their two bigram rows
        self._pair_keys = np.zeros(0, dtype=np.int64)
        self._pair_rows = np.zeros((0, 2), dtype=np.int64)

    def _forms(self, word: str) -> tuple:
        return _STAND_INS.get(word) or self.featurizer._forms[word]

    def _new_id(self, word: str) -> int:
        i = len(self._words)
        self._words.append(word)
        self._new.append((i, self._forms(word)))
        return i

    def _bigram_rows_of(self, keys: np.ndarray) -> np.ndarray:
        """(left bigram row of the second word, right bigram row of the first) of each word pair,
        worked out once per distinct pair (pairs kept as numbers: no objects for the GC to walk)."""
        uniq, inverse = np.unique(keys, return_inverse=True)
        known = self._pair_keys
        pos = np.searchsorted(known, uniq)
        hit = pos < len(known)
        hit[hit] = known[pos[hit]] == uniq[hit]
        if not hit.all():
            new = uniq[~hit]
            rows = []
            for first, second in zip((new >> 32).tolist(), (new & 0xFFFFFFFF).tolist()):
                left, right = self._forms(self._words[first]), self._forms(self._words[second])
                rows.append((self._bigram.get(left[6] + right[5], 0), self._bigram.get(left[7] + right[5], 0)))
            keys_all = np.concatenate([known, new])
            order = np.argsort(keys_all, kind="stable")
            self._pair_keys = keys_all[order]
            self._pair_rows = np.concatenate([self._pair_rows, np.array(rows, dtype=np.int64).reshape(-1, 2)])[order]
            pos = np.searchsorted(self._pair_keys, uniq)
        return self._pair_rows[pos][inverse]

    def _add_new_rows(self) -> None:
        """Score rows of the words first seen in this call."""
        need = len(self._words)
        if need > self._rows.shape[1]:
            grown = np.zeros((_ROLES, max(need, 2 * self._rows.shape[1]), self._rows.shape[2]))
            grown[:, : self._rows.shape[1]] = self._rows
            self._rows = grown
        attributes = self.weights.attributes
        targets, rows = [], []
        cap = self._rows.shape[1]
        for i, forms in self._new:
            for role in range(_ROLES):
                for feature in forms[role]:
                    row = attributes.get(feature)
                    if row is not None:
                        targets.append(role * cap + i)
                        rows.append(row)
        flat = self._rows.reshape(-1, self._rows.shape[2])
        np.add.at(flat, targets, self.weights.state[rows])
        self._new = []

    def tag(self, lines: list[list[str]]) -> list[tuple[list[int], list[str]] | None]:
        if len(self._ids) > self.limit:  # memory stays bounded on a long run
            self._reset()
        windows, ids = self.featurizer.windows, self._ids.__getitem__
        tokens: list[int] = []  # word ids of every window with two words of context each side
        at: list[int] = []  # position in `tokens` of each labelled token
        found: list[tuple[int, list[int]] | None] = []  # (first row in `at`, token indices) per line
        for words in lines:
            spans = windows(words) if words else []
            if not spans:
                found.append(None)
                continue
            padded = [*_PAD, *words, *_END]
            idx: list[int] = []
            found.append((len(at), idx))
            for a, b in spans:  # padded[a + 2] is token a
                idx += range(a, b)
                base = len(tokens) + 2
                tokens += map(ids, padded[a : b + 4])
                at += range(base, base + b - a)
        if not at:
            return found
        self._add_new_rows()
        t, p, r = np.array(tokens, dtype=np.int64), np.array(at), self._rows
        me = t[p]
        pairs = self._bigram_rows_of(np.concatenate([(t[p - 1] << 32) | me, (me << 32) | t[p + 1]]))
        scores = (r[0, me] + r[1, t[p - 1]] + r[2, t[p + 1]] + r[3, t[p - 2]] + r[4, t[p + 2]]
                  + self._bigram_rows[pairs[: len(p), 0]] + self._bigram_rows[pairs[len(p) :, 1]])
        tagged = [f for f in found if f]
        starts = np.array([first for first, _ in tagged])
        lengths = np.array([len(idx) for _, idx in tagged])
        best = viterbi(scores, starts, lengths, self.weights.trans).tolist()
        names = self.weights.labels
        return [(f[1], [names[k] for k in best[f[0] : f[0] + len(f[1])]]) if f else None for f in found]
