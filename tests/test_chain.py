"""The numpy CRF (baochi.ner.chain, baochi.ner.tagging) against crfsuite itself: same weights read
from the model file, same Viterbi paths on hand-made scores, same labels on every line of real
articles (the seeds and the dantri corpus), and the recogniser's batched and one-text calls agree."""

import itertools
import json
from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from baochi.ner.chain import ChainWeights, viterbi
from baochi.ner.features import SPLIT_RE
from baochi.ner.recognizer import _LINE_RE, LEXICON_PATH, MODEL_PATH, Recognizer
from tests.conftest import dantri_texts, seed_texts


def fresh_recognizer() -> Recognizer:
    """A recogniser of the shipped model with empty caches."""
    lex = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    return Recognizer(MODEL_PATH, lex["syllables"], lex["words"])


@pytest.fixture(scope="module")
def crfsuite_tagger() -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL_PATH))
    return tagger


def test_weights_match_crfsuite_dump(crfsuite_tagger):
    info = crfsuite_tagger.info()  # parsed from crfsuite's own text dump (6 decimals)
    weights = ChainWeights.load(MODEL_PATH)
    assert weights.labels == sorted(info.labels, key=lambda name: int(info.labels[name]))  # same ids
    lab = {name: i for i, name in enumerate(weights.labels)}
    assert len(weights.attributes) == len(info.attributes)
    for (attr, label), w in itertools.islice(info.state_features.items(), 0, None, 97):
        assert weights.state[weights.attributes[attr.encode()], lab[label]] == pytest.approx(w, abs=1e-6)
    for (a, b), w in info.transitions.items():
        assert weights.trans[lab[a], lab[b]] == pytest.approx(w, abs=1e-6)


def test_a_file_that_is_not_a_model_is_refused(tmp_path: Path):
    bad = tmp_path / "model.crfsuite"
    bad.write_bytes(b"lCRF" + bytes(60))
    with pytest.raises(ValueError, match="not a crfsuite"):
        ChainWeights.load(bad)


def _best_total(scores: np.ndarray, trans: np.ndarray) -> float:
    """The best path's score, by trying every path."""
    n, labels = scores.shape
    return max(sum(scores[t, y] for t, y in enumerate(path)) + sum(trans[a, b] for a, b in zip(path, path[1:]))
               for path in itertools.product(range(labels), repeat=n))


def _one_by_one(scores: np.ndarray, trans: np.ndarray) -> list[int]:
    """crfsuite's crf1dc_viterbi, one sequence, plain loops: at each step the lowest predecessor with
    the best score (strict `<`), at the end the lowest best label, then back along the pointers."""
    n, labels = scores.shape
    delta, back = list(scores[0]), []
    for t in range(1, n):
        row, new = [], []
        for j in range(labels):
            best, arg = -np.inf, 0
            for i in range(labels):
                if best < delta[i] + trans[i, j]:
                    best, arg = delta[i] + trans[i, j], i
            row.append(arg)
            new.append(best + scores[t, j])
        back.append(row)
        delta = new
    path = [max(range(labels), key=lambda j: (delta[j], -j))]
    for row in reversed(back):
        path.append(row[path[-1]])
    return path[::-1]


def _path_total(scores, trans, path) -> float:
    return sum(scores[t, y] for t, y in enumerate(path)) + sum(trans[a, b] for a, b in zip(path, path[1:]))


def test_viterbi_on_many_sequences_at_once():
    rng = np.random.default_rng(7)
    lengths = np.array([1, 4, 2, 5, 3, 1, 5, 3])
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    scores = rng.normal(size=(lengths.sum(), 3))
    scores[starts[-1] : starts[-1] + 3] = 0.0  # the last sequence is all ties
    trans = rng.normal(size=(3, 3))
    trans[0, 1] = trans[1, 0]
    got = viterbi(scores, starts, lengths, trans)
    for s, n in zip(starts, lengths):
        path = got[s : s + n].tolist()
        assert path == _one_by_one(scores[s : s + n], trans)
        assert _path_total(scores[s : s + n], trans, path) == pytest.approx(_best_total(scores[s : s + n], trans))
    ties = np.zeros((2, 2))  # two best paths, [0, 1] and [1, 0]: crfsuite ends on the lowest label
    assert viterbi(ties, np.array([0]), np.array([2]), np.array([[0.0, 1.0], [1.0, 0.0]])).tolist() == [1, 0]
    assert viterbi(scores[:0], starts[:0], lengths[:0], trans).size == 0


@pytest.mark.parametrize("limit", [200_000, 500])  # 500: the word caches are dropped between calls
def test_labels_equal_crfsuite_on_real_articles(crfsuite_tagger, limit):
    rec = fresh_recognizer()
    rec._tagger.limit = limit
    texts = list(seed_texts().values()) + dantri_texts(300)
    lines = [SPLIT_RE.split(m.group())[1::2] for text in texts for m in _LINE_RE.finditer(text)]
    tagged = [found for i in range(0, len(lines), 700) for found in rec._tagger.tag(lines[i : i + 700])]
    compared = 0
    for words, got in zip(lines, tagged):
        idx, xseq = rec.featurizer.line(words)
        if not idx:
            assert got is None
            continue
        assert got == (idx, crfsuite_tagger.tag(xseq)), " ".join(words)
        compared += 1
    assert compared > 1000


def test_batched_and_single_calls_agree():
    rec = Recognizer.load()
    texts = list(seed_texts().values()) + dantri_texts(40) + ["", "không có tên riêng.", "Ông Putin tới Hà Nội."]
    assert rec.find_many(texts) == [rec.find(t) for t in texts]
    assert fresh_recognizer().find_many(texts[::-1]) == [rec.find(t) for t in texts[::-1]]
