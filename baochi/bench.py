"""Extraction throughput and peak memory on a real corpus, beside underthesea's `ner` as baseline.

`python -m baochi.bench --corpus ../shared/corpora/dantri_unc.jsonl --n 1000 --baseline 50`
Each measurement runs in its own process, so each peak RSS is its own. The ratio compares docs/s on
the same documents (the baseline runs on the first `--baseline` of them: it is ~100x slower).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import shutil
import tempfile
import time
from pathlib import Path


def _corpus_copy(corpus: Path, n: int, out: Path) -> Path:
    """The first n articles of a JSONL file (or a folder, taken whole) as a corpus folder."""
    if corpus.is_dir():
        return corpus
    out.mkdir(parents=True, exist_ok=True)
    with open(corpus, encoding="utf-8") as src, open(out / corpus.name, "w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            dst.write(line)
    return out


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ours(corpus: str, queue) -> None:
    from baochi.corpus import ingest_corpus
    from baochi.facts.run import default_matcher, extract_facts

    t0 = time.perf_counter()
    default_matcher()  # model and automaton load: start-up, reported apart
    t1 = time.perf_counter()
    tables = ingest_corpus(corpus)
    t2 = time.perf_counter()
    facts = extract_facts(tables["articles"], tables["segments"])
    t3 = time.perf_counter()
    texts = tables["articles"].sort("source_file")["text"].to_list()
    queue.put({
        "docs": tables["articles"].height, "load_s": t1 - t0, "ingest_s": t2 - t1, "extract_s": t3 - t2,
        "rows": {k: v.height for k, v in facts.items()}, "peak_rss_mb": _peak_rss_mb(), "texts": texts,
    })


def _baseline(texts: list[str], queue) -> None:
    from underthesea import ner

    ner("Khởi động mô hình.")  # model load is start-up, not throughput
    t0 = time.perf_counter()
    n_entities = 0
    for text in texts:
        for line in text.split("\n"):
            if line.strip():
                n_entities += sum(tag.startswith("B-") for *_, tag in ner(line))
    queue.put({"docs": len(texts), "seconds": time.perf_counter() - t0, "entities": n_entities,
               "peak_rss_mb": _peak_rss_mb()})


def _in_process(target, *args) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def run(corpus: Path, n: int, baseline_n: int) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="baochi-bench-"))
    try:
        ours = _in_process(_ours, str(_corpus_copy(corpus, n, tmp)))
        texts = ours.pop("texts")[:baseline_n]
        base = _in_process(_baseline, texts) if baseline_n else None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report = {"corpus": str(corpus), "ours": ours}
    ours["extract_docs_per_s"] = ours["docs"] / ours["extract_s"]
    ours["ingest_plus_extract_docs_per_s"] = ours["docs"] / (ours["ingest_s"] + ours["extract_s"])
    if base:
        base["docs_per_s"] = base["docs"] / base["seconds"]
        report["underthesea_ner"] = base
        report["speedup_vs_underthesea"] = ours["extract_docs_per_s"] / base["docs_per_s"]
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpora/dantri_unc.jsonl"))
    parser.add_argument("--n", type=int, default=1000, help="articles to extract")
    parser.add_argument("--baseline", type=int, default=50, help="articles for underthesea (0: skip)")
    args = parser.parse_args()
    report = run(args.corpus, args.n, args.baseline)
    ours = report["ours"]
    print(f"baochi extraction: {ours['docs']:,} docs, {ours['extract_docs_per_s']:,.0f} docs/s "
          f"(ingest+extract {ours['ingest_plus_extract_docs_per_s']:,.0f} docs/s, start-up {ours['load_s']:.1f} s), "
          f"peak RSS {ours['peak_rss_mb']:,.0f} MB")
    if "underthesea_ner" in report:
        base = report["underthesea_ner"]
        print(f"underthesea ner:   {base['docs']:,} docs, {base['docs_per_s']:,.1f} docs/s, "
              f"peak RSS {base['peak_rss_mb']:,.0f} MB")
        print(f"speed-up: {report['speedup_vs_underthesea']:,.0f}x")
    print(json.dumps(report, indent=1, default=str))


if __name__ == "__main__":
    main()
