"""A backfill through Celery: a real Redis broker, two worker processes, the same Parquet as in-process."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import dagster as dg
import pytest

from assets.facts import DOCUMENT_FACT_TABLES
from assets.ingest import INGEST_TABLES
from assets.partitions import corpus_batches
from baochi.batches import apply_plan, plan_batches
from baochi.storage import table_dir
from pipelines.jobs import PARTITIONED
from pipelines.resources import BaochiPaths
from tests.conftest import ROOT, SEEDS

pytest.importorskip("dagster_celery")
from dagster_celery.make_app import make_app  # noqa: E402

from pipelines.celery import JOB_NAME as JOB, plan_partitions, wait_for_runs  # noqa: E402

REDIS = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(REDIS is None, reason="redis-server is not installed (apt-get install redis-server)")

BIN = Path(sys.executable).parent
TABLES = [*INGEST_TABLES, *DOCUMENT_FACT_TABLES]
TIMEOUT = 150  # seconds for the whole backfill
MAX_BYTES = 5 * 1024 * 1024
# Runs launch when submitted (no daemon to dequeue them); storage: sqlite files under DAGSTER_HOME.
DAGSTER_YAML = """telemetry:
  enabled: false
run_coordinator:
  module: dagster.core.run_coordinator
  class: DefaultRunCoordinator
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_corpus(corpus: Path) -> None:
    """The 5 seeds and 3 edited copies: 8 distinct articles, 4 batches of 2 files."""
    shutil.copytree(SEEDS, corpus)
    for i, seed in enumerate(sorted(SEEDS.glob("*.txt"))[:3]):
        text = seed.read_text(encoding="utf-8")
        (corpus / f"variant_{i}.txt").write_text(f"{text}\nMột đoạn thêm số {i}.", encoding="utf-8")


def plan(corpus: Path, warehouse: Path) -> list[str]:
    batches = plan_batches(corpus, warehouse, max_files=2)
    apply_plan(warehouse, batches)
    return sorted(batches.dirty)


def in_process(corpus: Path, warehouse: Path) -> list[str]:
    """The reference: each batch materialised in this process, as `make run` does."""
    from pipelines.definitions import ALL_ASSETS

    keys = plan(corpus, warehouse)
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(corpus_batches.name, keys)
    paths = BaochiPaths(corpus_dir=str(corpus), warehouse_dir=str(warehouse), max_bytes=MAX_BYTES)
    for key in keys:
        assert dg.materialize(ALL_ASSETS, selection=PARTITIONED, partition_key=key, instance=instance,
                              resources={"paths": paths}).success
    return keys


def start(stack: ExitStack, args: list[str], log: Path, env: dict) -> subprocess.Popen:
    """A process in its own process group, killed with all its children when the stack closes."""
    out = stack.enter_context(open(log, "wb"))
    proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT, start_new_session=True)
    stack.callback(stop, proc)
    return proc


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM to the group (a warm shutdown), SIGKILL to whatever of it is left after 10 s."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        deadline = time.monotonic() + 10
        try:
            os.killpg(proc.pid, sig)
            while time.monotonic() < deadline:
                proc.poll()
                os.killpg(proc.pid, 0)  # raises once no process of the group is left
                time.sleep(0.2)
        except ProcessLookupError:
            break
    proc.wait()


def wait_for(predicate, what: str, timeout: float, logs: list[Path]):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    tails = "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in logs if p.exists())
    pytest.fail(f"timed out waiting for {what}\n{tails}")


def parts(warehouse: Path) -> dict[str, bytes]:
    """Every Parquet part of every partitioned table, by table/part name."""
    return {f"{t}/{p.name}": p.read_bytes() for t in sorted(TABLES) for p in sorted(table_dir(warehouse, t).glob("*.parquet"))}


def test_a_backfill_on_two_celery_workers_equals_the_in_process_run(tmp_path):
    corpus, home = tmp_path / "corpus", tmp_path / "dagster_home"
    make_corpus(corpus)
    keys = in_process(corpus, tmp_path / "reference")
    assert len(keys) >= 4
    warehouse = tmp_path / "warehouse"
    home.mkdir()
    (home / "dagster.yaml").write_text(DAGSTER_YAML)
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    (tmp_path / "celery.yaml").write_text(f"execution:\n  config:\n    broker: {broker}\n    backend: {broker}\n")
    env = {**os.environ, "DAGSTER_HOME": str(home), "BAOCHI_CORPUS": str(corpus), "BAOCHI_WAREHOUSE": str(warehouse),
           "BAOCHI_MAX_BYTES": str(MAX_BYTES), "BAOCHI_CELERY_BROKER": broker,
           "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}  # `dagster-celery` runs `celery` from PATH
    logs = [tmp_path / n for n in ("redis.log", "worker1.log", "worker2.log", "backfill.log")]
    with ExitStack() as stack, dg.DagsterInstance.from_config(str(home)) as instance:
        paths = BaochiPaths(corpus_dir=str(corpus), warehouse_dir=str(warehouse), max_bytes=MAX_BYTES)
        assert plan_partitions(paths, instance, max_files=2) == keys
        start(stack, [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
              logs[0], env)
        app = make_app({"broker": broker, "backend": broker})
        stack.callback(app.close)
        for n, log in enumerate(logs[1:3], 1):
            start(stack, [str(BIN / "dagster-celery"), "worker", "start", "-A", "dagster_celery.app",
                          "-y", str(tmp_path / "celery.yaml"), "-n", f"w{n}", "--", "--pool=solo"], log, env)
        wait_for(lambda: len(app.control.ping(timeout=1)) == 2, "two Celery workers", 60, logs)

        started = time.monotonic()
        backfill = start(stack, [str(BIN / "dagster"), "job", "backfill", "-m", "pipelines.celery", "-j", JOB,
                                 "--partitions", ",".join(keys), "--noprompt"], logs[3], env)
        wait_for(lambda: backfill.poll() is not None, "the backfill command", TIMEOUT, logs)
        assert backfill.returncode == 0, logs[3].read_text()

        runs = wait_for_runs(instance, timeout=TIMEOUT - (time.monotonic() - started), poll=0.5)
        assert len(runs) == len(keys), logs[3].read_text()[-3000:]
        assert sorted(r.tags["dagster/partition"] for r in runs) == keys
        assert len({r.tags["dagster/backfill"] for r in runs}) == 1
        assert all(r.status == dg.DagsterRunStatus.SUCCESS for r in runs), [(r.run_id, r.status) for r in runs]
        hosts = {e.dagster_event.engine_event_data.metadata["Celery worker"].value
                 for r in runs for e in instance.all_logs(r.run_id, of_type=dg.DagsterEventType.ENGINE_EVENT)
                 if "Celery worker" in e.dagster_event.engine_event_data.metadata}
        assert {h.split("@")[0] for h in hosts} == {"w1", "w2"}, hosts

    reference = parts(tmp_path / "reference")
    assert len(reference) == len(keys) * len(TABLES)
    assert parts(warehouse) == reference
