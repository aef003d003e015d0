"""Train the shipped NER model from the VLSP 2018 train split (the dev split is never read).

    python scripts/train_ner.py --data /work/data/vlsp2018             # ship the model
    python scripts/train_ner.py --data /work/data/vlsp2018 --holdout 0 # tune: train on 4/5 of
                                                                         # train, score fold 0

writes baochi/ner/model.crfsuite and baochi/ner/lexicon.json (per-syllable gazetteer tags and
common two-syllable words). Training is deterministic: the same data gives the same model.
Gazetteer features of training sentences come from the *other* folds of the train split
(jackknifing), so that the CRF does not learn to trust them more than it can at inference.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import pycrfsuite

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from baochi.ner.features import Featurizer, tokenize  # noqa: E402
from baochi.ner.recognizer import LEXICON_PATH, MODEL_PATH, Recognizer  # noqa: E402
from baochi.ner.vlsp import evaluate, list_files, parse_muc, split_lines  # noqa: E402


KEEP = ("PER", "LOC", "ORG")  # MISC names are left unlabelled (O)


def bilou_labels(spans, toks) -> list[str]:
    """BILOU label of every token (B-PER, I-PER, L-PER, U-PER, O) from depth-1 gold spans."""
    labels = ["O"] * len(toks)
    for s, e, typ, depth in spans:
        if depth != 1 or typ not in KEEP:
            continue
        idx = [k for k, (a, b) in enumerate(toks) if a < e and b > s]
        for k in idx:
            labels[k] = "I-" + typ
        if idx:
            labels[idx[0]] = "B-" + typ
            labels[idx[-1]] = ("U-" if len(idx) == 1 else "L-") + typ
    return labels


def build_lexicon(docs, min_count: int = 2, min_ratio: float = 0.3, min_inner: int = 2) -> dict:
    """Per lower-cased syllable: its entity roles when capitalised (PER_B, LOC_I, ...), 'LC'
    (mostly written in lower case), 'IN' (lower case, yet seen inside PER/LOC/ORG names) and
    'NM' (frequent, never inside a name); and the common two-syllable words ("giáo|dục": a
    frequent pair, a large share of either syllable's occurrences)."""
    role, cap, lower, inner = (collections.Counter() for _ in range(4))
    for sents in docs:
        for s in sents:
            for w, lab in zip(s["words"], s["labels"]):
                low = w.lower()
                if w[0].isalpha() and not w.islower():
                    cap[low] += 1
                    if lab != "O":
                        role[(low, lab[2:] + ("_B" if lab[0] in "BU" else "_I"))] += 1
                else:
                    if w.islower():
                        lower[low] += 1
                    if lab != "O" and not lab.endswith("MISC"):
                        inner[low] += 1
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
    for low, n in lower.items():
        if n >= 100 and not inner[low]:
            syl[low].append("NM")
    uni, bi = collections.Counter(), collections.Counter()
    for sents in docs:
        for s in sents:
            lows = [w.lower() for w in s["words"]]
            uni.update(lows)
            bi.update(zip(lows, lows[1:]))
    words = sorted(
        a + "|" + b
        for (a, b), n in bi.items()
        if n >= 3 and a.isalpha() and b.isalpha() and n >= 0.3 * min(uni[a], uni[b])
    )
    return {"syllables": {k: sorted(v) for k, v in sorted(syl.items())}, "words": words}


def load_docs(paths) -> list[list[dict]]:
    """Per document, its lines as {words, labels}."""
    docs = []
    for path in paths:
        text, spans = parse_muc(Path(path).read_text(encoding="utf-8-sig"))
        sents = []
        for s in split_lines(text, spans):
            words, starts = tokenize(s.text)
            if words:
                toks = [(a, a + len(w)) for w, a in zip(words, starts)]
                sents.append({"words": words, "labels": bilou_labels(s.spans, toks)})
        docs.append(sents)
    return docs


def train(docs, model_path: str, args) -> dict:
    """Train the CRF on ``docs``; returns the full-data lexicon to ship with it."""
    folds = args.folds
    trainer = pycrfsuite.Trainer(verbose=False)
    n_seq = n_tok = n_lost = 0
    for k in range(folds):
        lex = build_lexicon([d for i, d in enumerate(docs) if i % folds != k])
        feat = Featurizer(lex["syllables"], lex["words"])
        for i in range(k, len(docs), folds):
            for s in docs[i]:
                idx, xseq = feat.line(s["words"])
                labels = [s["labels"][t] for t in idx]
                if idx:
                    trainer.append(xseq, labels)
                    n_seq += 1
                    n_tok += len(idx)
                n_lost += sum(lab != "O" for lab in s["labels"]) - sum(lab != "O" for lab in labels)
    print(f"{len(docs)} docs, {n_seq} lines, {n_tok} tokens in windows; {n_lost} entity tokens outside")
    trainer.set_params(
        {"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations, "feature.possible_transitions": True}
    )
    trainer.train(model_path)
    return build_lexicon(docs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="VLSP 2018 directory (holds raw/)")
    ap.add_argument("--model", default=str(MODEL_PATH))
    ap.add_argument("--lexicon", default=str(LEXICON_PATH))
    ap.add_argument("--holdout", type=int, help="train on 4/5 of train, score fold HOLDOUT (0-4)")
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--folds", type=int, default=5, help="jackknife folds for gazetteer features")
    args = ap.parse_args()

    t0 = time.time()
    paths = list_files(args.data, "train")
    if args.holdout is not None:
        held = paths[args.holdout :: 5]
        paths = [p for i, p in enumerate(paths) if i % 5 != args.holdout]
        fd, args.model = tempfile.mkstemp(suffix=".crfsuite")
        os.close(fd)
    lex = train(load_docs(paths), args.model, args)
    if args.holdout is not None:
        rec = Recognizer(args.model, lex["syllables"], lex["words"])
        docs = [(p, *parse_muc(Path(p).read_text(encoding="utf-8-sig"))) for p in held]
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
