"""Score the shipped recogniser on a VLSP 2018 split: exact-span P/R/F1 per type, and speed.

    python scripts/eval_ner.py --data /work/data/vlsp2018 --split dev [--corpus dantri.jsonl]

Gold = outermost (depth 1) PERSON/LOCATION/ORGANIZATION entities; a prediction counts only if
its span and type both match. Speed is measured on a JSONL news corpus (field ``text``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from baochi.ner.recognizer import Recognizer  # noqa: E402
from baochi.ner.vlsp import evaluate, read_docs  # noqa: E402


def speed(rec: Recognizer, corpus: str, limit: int, chunk: int = 250) -> float:
    """Documents per CPU-second of ``find_many`` over chunks of ``chunk`` texts (as extraction calls
    it; one core) on the first ``limit`` texts of a JSONL corpus; best of three passes, so the
    per-syllable caches are warm."""
    texts = []
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["text"])
            if len(texts) >= limit:
                break
    times = []
    for _ in range(3):
        t0, w0 = time.process_time(), time.perf_counter()
        n_ent = sum(len(found) for i in range(0, len(texts), chunk) for found in rec.find_many(texts[i : i + chunk]))
        times.append((time.process_time() - t0, time.perf_counter() - w0))
    cpu, wall = min(times)
    syl = sum(len(t.split()) for t in texts) / len(texts)
    print(f"speed: {len(texts)} docs (~{syl:.0f} syllables each), {n_ent} entities")
    print(f"first pass (cold caches): {len(texts) / times[0][0]:.0f} docs/s; wall clock {len(texts) / wall:.0f} docs/s")
    return len(texts) / cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="VLSP 2018 directory (holds raw/)")
    ap.add_argument("--split", default="dev", choices=("train", "dev"))
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "dantri_unc.jsonl"))
    ap.add_argument("--limit", type=int, default=500)
    args = ap.parse_args()
    rec = Recognizer.load()
    docs = list(read_docs(args.data, args.split))
    t0 = time.perf_counter()
    scores = evaluate(rec.find_short, docs)
    print(f"{args.split}: {len(docs)} docs in {time.perf_counter() - t0:.2f}s")
    for t, (p, r, f, n) in scores.items():
        print(f"{t:4s} P={p:.3f} R={r:.3f} F1={f:.3f} (gold {n})")
    if Path(args.corpus).exists():
        print(f"docs/s (CPU time, one core, warm): {speed(rec, args.corpus, args.limit):.0f}")


if __name__ == "__main__":
    main()
