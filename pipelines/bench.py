"""`make bench CORPUS=... N=...`: the whole pipeline on a real corpus, measured.

Runs the real command (`python -m pipelines.refresh`, start-up included) in a fresh warehouse and
Dagster home: the first N articles, split into JSONL files of 1,000 (a daily feed), then 10 more
articles in a new file (the incremental run). Prints docs/s, seconds per stage (from the Dagster
instance's step stats), peak RSS of the run's process tree, and underthesea's `ner` on a sample of
the same documents as the baseline, measured in the same run: once before the pipeline and once
after it, so that a slower or faster spell of a shared machine weighs on both sides (the ratio uses
the total documents over the total seconds of the two).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import dagster as dg

from pipelines.home import write_instance_yaml

FILE_ROWS = 1000


def _rows(corpus: Path, n: int) -> list[str]:
    if corpus.is_dir():
        rows = []
        for path in sorted(corpus.rglob("*.jsonl")):
            with open(path, encoding="utf-8") as handle:
                rows.extend(line for line in handle if line.strip())
            if len(rows) >= n:
                break
        return rows[:n]
    with open(corpus, encoding="utf-8") as handle:
        return [line for _, line in zip(range(n), handle)]


def _write_feed(rows: list[str], folder: Path, prefix: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(0, len(rows), FILE_ROWS):
        (folder / f"{prefix}-{i // FILE_ROWS:04d}.jsonl").write_text("".join(rows[i : i + FILE_ROWS]), encoding="utf-8")


PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree_rss(root: int) -> int:
    """Bytes resident in a process and all its descendants now (from /proc)."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children[ppid].append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/statm") as handle:
                total += int(handle.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            pass
    return total


def _run(env: dict) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) summed over the process tree (sampled 10 times a second: the
    refresh, its extraction workers and its validation process), output of one refresh run."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen([sys.executable, "-m", "pipelines.refresh"], env=env, stdout=out, stderr=err, text=True)
        peak = 0
        while process.poll() is None:
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.1)
        seconds = time.perf_counter() - start
        out.seek(0), err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode:
        raise SystemExit(f"refresh failed:\n{stdout[-3000:]}\n{stderr[-3000:]}")
    return seconds, peak / 2**20, stdout


def _stage_seconds(home: Path, skip: set[str] = frozenset()) -> tuple[dict[str, float], set[str]]:
    """Seconds per step (summed over every run and partition, but the runs in `skip`) from the Dagster
    instance, and the ids of the runs summed."""
    os.environ["DAGSTER_HOME"] = str(home)
    stages, runs = defaultdict(float), set()
    with dg.DagsterInstance.get() as instance:
        for record in instance.get_run_records():
            run_id = record.dagster_run.run_id
            if run_id in skip:
                continue
            runs.add(run_id)
            for stat in instance.get_run_step_stats(run_id):
                if stat.end_time and stat.start_time:
                    stages[stat.step_key] += stat.end_time - stat.start_time
    return {k: round(v, 2) for k, v in sorted(stages.items())}, runs


def _underthesea(rows: list[str], baseline_n: int) -> dict:
    from baochi.bench import _baseline, _in_process

    return _in_process(_baseline, [json.loads(r)["text"] for r in rows[:baseline_n]])


def measure(corpus: Path, n: int, baseline_n: int) -> dict:
    rows = _rows(corpus, n + 10)
    if len(rows) < n + 10:
        raise SystemExit(f"{corpus} has only {len(rows):,} articles; N={n:,} needs {n + 10:,}")
    before = _underthesea(rows, baseline_n) if baseline_n else None
    with tempfile.TemporaryDirectory(prefix="baochi-bench-") as tmp:
        tmp = Path(tmp)
        home = tmp / "dagster"
        write_instance_yaml(home)  # what `make run` uses
        _write_feed(rows[:n], tmp / "corpus", "feed")
        env = {**os.environ, "DAGSTER_HOME": str(home), "BAOCHI_CORPUS": str(tmp / "corpus"),
               "BAOCHI_WAREHOUSE": str(tmp / "warehouse")}
        full_s, full_rss, _ = _run(env)
        stages, full_runs = _stage_seconds(home)
        _write_feed(rows[n:], tmp / "corpus", "late")
        incr_s, incr_rss, out = _run(env)
        extracted = re.search(r"articles_extracted=(\d+)", out)
        incr_stages, _ = _stage_seconds(home, skip=full_runs)
    report = {
        "corpus": str(corpus), "articles": n, "full_seconds": round(full_s, 1), "docs_per_s": round(n / full_s, 1),
        "stage_seconds": stages, "peak_rss_mb": round(full_rss), "incremental_seconds": round(incr_s, 2), "incremental_peak_rss_mb": round(incr_rss),
        "incremental_stage_seconds": incr_stages,
        "incremental_articles_extracted": int(extracted.group(1)) if extracted else None,
        "incremental_share_of_full": round(incr_s / full_s, 3),
    }
    if baseline_n:
        after = _underthesea(rows, baseline_n)
        rates = [round(b["docs"] / b["seconds"], 2) for b in (before, after)]
        report["underthesea_ner_docs_per_s_before_after"] = rates
        docs_per_s = (before["docs"] + after["docs"]) / (before["seconds"] + after["seconds"])
        report["underthesea_ner_docs_per_s"] = round(docs_per_s, 2)
        report["speedup_vs_underthesea"] = round(report["docs_per_s"] / docs_per_s, 1)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a JSONL file, or a folder of them")
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--baseline", type=int, default=30, help="documents for underthesea (0: skip)")
    args = parser.parse_args()
    report = measure(args.corpus, args.n, args.baseline)
    print(f"{report['articles']:,} articles end to end in {report['full_seconds']} s: {report['docs_per_s']} docs/s, "
          f"peak RSS {report['peak_rss_mb']} MB; +10 articles: {report['incremental_seconds']} s "
          f"({report['incremental_share_of_full']:.1%} of the full run, "
          f"{report['incremental_articles_extracted']} extracted)")
    if "speedup_vs_underthesea" in report:
        before, after = report["underthesea_ner_docs_per_s_before_after"]
        print(f"underthesea ner: {report['underthesea_ner_docs_per_s']} docs/s ({before} before, {after} after) "
              f"-> {report['speedup_vs_underthesea']}x")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
