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
    assert sorted(weights.labels) == sorted(info.labels)
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


def _brute_force(scores: np.ndarray, trans: np.ndarray) -> list[int]:
    """The best path by trying every path (first best in lexicographic order, as crfsuite)."""
    n, labels = scores.shape
    best, arg = -np.inf, None
    for path in itertools.product(range(labels), repeat=n):
        total = sum(scores[t, y] for t, y in enumerate(path)) + sum(trans[a, b] for a, b in zip(path, path[1:]))
        if total > best + 1e-12:
            best, arg = total, list(path)
    return arg


def test_viterbi_equals_brute_force_on_many_sequences_at_once():
    rng = np.random.default_rng(7)
    lengths = np.array([1, 4, 2, 5, 3, 1, 5])
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    scores = rng.normal(size=(lengths.sum(), 3))
    trans = rng.normal(size=(3, 3))
    got = viterbi(scores, starts, lengths, trans)
    for s, n in zip(starts, lengths):
        assert got[s : s + n].tolist() == _brute_force(scores[s : s + n], trans)
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
