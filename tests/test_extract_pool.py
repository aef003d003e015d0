"""Extraction in worker processes gives the tables one process gives, and the workers come and go cleanly."""

import json
import subprocess
import sys

import polars as pl
from polars.testing import assert_frame_equal

from baochi.corpus import ingest_corpus
from baochi.facts import run
from baochi.facts.run import CHUNK, close_pool, extract_facts, warm_pool
from tests.conftest import DANTRI, ROOT, dantri_texts


def _ingested(tmp_path, n: int) -> dict[str, pl.DataFrame]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rows = [json.dumps({"text": text}, ensure_ascii=False) for text in dantri_texts(n)]
    (corpus / DANTRI.name).write_text("\n".join(rows) + "\n", encoding="utf-8")
    return ingest_corpus(corpus)


def test_workers_give_the_tables_one_process_gives(tmp_path):
    tables = _ingested(tmp_path, 2 * CHUNK + 50)  # a dozen chunks, smaller and smaller, over both workers
    assert tables["articles"].height > 2 * CHUNK
    try:
        warm_pool(2)
        parallel = extract_facts(tables["articles"], tables["segments"], workers=2)
    finally:
        close_pool()
    serial = extract_facts(tables["articles"], tables["segments"], workers=1)
    assert parallel.keys() == serial.keys()
    assert parallel["mentions"].height > 1000 and parallel["quotes"].height > 50  # real work, not empty tables
    for table in serial:
        assert_frame_equal(parallel[table], serial[table], check_exact=True)


def test_warm_workers_end_cleanly_and_a_new_pool_starts(tmp_path):
    tables = _ingested(tmp_path, CHUNK + 10)
    assert tables["articles"].height > CHUNK  # else extraction would not use the pool
    try:
        warm_pool(2)
        pool = run._pool[2]
        processes = list(pool._processes.values())
        assert len(processes) == 2  # started before any batch was given to them
        first = extract_facts(tables["articles"], tables["segments"], workers=2)
        assert run._pool == {2: pool}  # the warm pool did the work
        close_pool()
        assert run._pool == {} and [p.exitcode for p in processes] == [0, 0]  # ended, not killed
        again = extract_facts(tables["articles"], tables["segments"], workers=2)  # a fresh pool
    finally:
        close_pool()
    for table in first:
        assert_frame_equal(first[table], again[table], check_exact=True)


def test_a_bigger_kept_pool_serves_a_smaller_batch(tmp_path):
    tables = _ingested(tmp_path, CHUNK + 10)
    try:
        warm_pool(3)
        pool = run._pool[3]
        extract_facts(tables["articles"], tables["segments"], workers=2)
        assert run._pool == {3: pool}  # not shut down and started again with two
    finally:
        close_pool()


def test_a_worker_skips_the_teardown_at_exit():
    """What a worker runs first: the model, then os._exit at exit, before any handler registered earlier
    (atexit runs the last registered first), so nothing is freed object by object."""
    code = ("import atexit; atexit.register(print, 'teardown ran'); "
            "from baochi.facts.run import _start_worker; _start_worker(); print('model loaded')")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout.split()) == (0, ["model", "loaded"]), done.stderr
