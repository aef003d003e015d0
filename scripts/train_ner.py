"""Train the shipped NER model from the VLSP 2018 train split (the dev split is never read).

    python scripts/train_ner.py --data /work/data/vlsp2018            # ship the model
    python scripts/train_ner.py --data /work/data/vlsp2018 --holdout  # tune: train on 90% of
                                                                        # train, score the rest

writes baochi/ner/model.crfsuite and baochi/ner/lexicon.json (syllable roles and known names).
Gazetteer features of training sentences come from the *other* folds of the train split
(jackknifing), so that the CRF does not learn to trust them more than it can at inference.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import tempfile
import time
from pathlib import Path

import pycrfsuite

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from baochi.ner.features import Featurizer, tokenize  # noqa: E402
from baochi.ner.recognizer import LEXICON_PATH, MODEL_PATH, Recognizer  # noqa: E402
from baochi.ner.vlsp import evaluate, parse_muc, split_lines, list_files  # noqa: E402


def bio_labels(spans, toks, scheme: str = "BILOU") -> list[str]:
    """BIO or BILOU label of every token from the outermost (depth 1) gold spans."""
    labels = ["O"] * len(toks)
    for s, e, typ, depth in spans:
        if depth != 1:
            continue
        idx = [k for k, (a, b) in enumerate(toks) if a < e and b > s]
        for k in idx:
            labels[k] = "I-" + typ
        if idx:
            labels[idx[0]] = "B-" + typ
            if scheme == "BILOU":
                labels[idx[-1]] = ("U-" if len(idx) == 1 else "L-") + typ
    return labels


def build_lexicon(docs, min_count: int, min_ratio: float, min_inner: int = 2) -> dict:
    """Gazetteers from annotated docs: per lower-cased syllable its entity roles (PER_B, LOC_I,
    ...) and 'LC' (mostly written in lower case); per known entity name its commonest type."""
    role, cap, lower, inner = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter()
    names: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for sents in docs:
        for s in sents:
            for w, lab in zip(s["words"], s["labels"]):
                low = w.lower()
                if w[0].isalpha() and not w.islower():
                    cap[low] += 1
                    if lab != "O":
                        role[(low, lab[2:] + "_" + ("B" if lab[0] in "BU" else "I"))] += 1
                else:
                    if w.islower():
                        lower[low] += 1
                    if lab != "O" and lab[2:] != "MISC":
                        inner[low] += 1
            for a, b, typ in s["names"]:
                names[" ".join(w.lower() for w in s["words"][a:b])][typ] += 1
    syl: dict[str, list[str]] = collections.defaultdict(list)
    for (low, tag), n in role.items():
        if n >= min_count and n / cap[low] >= min_ratio:
            syl[low].append(tag)
    for low, n in lower.items():
        if cap[low] and n >= 3 and n >= cap[low]:
            syl[low].append("LC")
    for low, n in inner.items():
        if n >= min_inner:
            syl[low].append("IN")
    phrases = {p: c.most_common(1)[0][0] for p, c in names.items() if " " in p or sum(c.values()) >= min_count}
    return {"syllables": {k: sorted(v) for k, v in sorted(syl.items())}, "phrases": dict(sorted(phrases.items()))}


SCHEME = "BILOU"


def load_docs(paths) -> list[list[dict]]:
    """Per document, its lines as {words, labels, names (token ranges of all entities)}."""
    docs = []
    for path in paths:
        text, spans = parse_muc(Path(path).read_text(encoding="utf-8-sig"))
        sents = []
        for s in split_lines(text, spans):
            words, starts = tokenize(s.text)
            if not words:
                continue
            toks = [(a, a + len(w)) for w, a in zip(words, starts)]
            names = []
            for a, b, typ, _ in s.spans:
                idx = [k for k, (x, y) in enumerate(toks) if x < b and y > a]
                if idx and typ != "MISC":
                    names.append((idx[0], idx[-1] + 1, typ))
            sents.append({"words": words, "labels": bio_labels(s.spans, toks, SCHEME), "names": names})
        docs.append(sents)
    return docs


def train(docs, model_path: str, args) -> dict:
    """Train the CRF on ``docs``; returns the full-data lexicon to ship with it."""
    folds = args.folds
    trainer = pycrfsuite.Trainer(verbose=False)
    n_seq = n_tok = 0
    for k in range(folds):
        others = [d for i, d in enumerate(docs) if i % folds != k]
        lex = build_lexicon(others, args.min_count, args.min_ratio)
        feat = Featurizer(lex["syllables"], lex["phrases"] if args.phrases else None)
        for i in range(k, len(docs), folds):
            for s in docs[i]:
                for a, b in feat.windows(s["words"]):
                    trainer.append(feat.sequence(s["words"], a, b), s["labels"][a:b])
                    n_seq += 1
                    n_tok += b - a
    print(f"{len(docs)} docs, {n_seq} windows, {n_tok} tokens")
    trainer.set_params(
        {"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations, "feature.possible_transitions": True}
    )
    trainer.train(model_path)
    lex = build_lexicon(docs, args.min_count, args.min_ratio)
    if not args.phrases:
        lex["phrases"] = {}
    return lex


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="VLSP 2018 directory (holds raw/)")
    ap.add_argument("--model", default=str(MODEL_PATH))
    ap.add_argument("--lexicon", default=str(LEXICON_PATH))
    ap.add_argument("--holdout", action="store_true", help="train on 90%% of train, score the other 10%%")
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--min-ratio", type=float, default=0.3)
    ap.add_argument("--phrases", action="store_true", help="add known-name gazetteer features")
    args = ap.parse_args()

    t0 = time.time()
    paths = list_files(args.data, "train")
    if args.holdout:
        held = paths[::10]
        paths = [p for i, p in enumerate(paths) if i % 10]
        args.model = tempfile.mktemp(suffix=".crfsuite")
    lex = train(load_docs(paths), args.model, args)
    if args.holdout:
        rec = Recognizer(args.model, lex["syllables"], lex["phrases"])
        docs = []
        for p in held:
            docs.append((p, *parse_muc(Path(p).read_text(encoding="utf-8-sig"))))
        for t, (p, r, f, n) in evaluate(rec.find_short, docs).items():
            print(f"holdout {t:4s} P={p:.3f} R={r:.3f} F1={f:.3f} (gold {n})")
        Path(args.model).unlink()
    else:
        Path(args.lexicon).write_text(json.dumps(lex, ensure_ascii=False, separators=(",", ":")), "utf-8")
        size = Path(args.model).stat().st_size + Path(args.lexicon).stat().st_size
        print(f"wrote {args.model}: {size / 1e6:.2f} MB with lexicon")
    print(f"{time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
