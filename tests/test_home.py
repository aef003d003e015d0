"""The Dagster instance folder `make run`, `make ui` and the bench share (pipelines.home), and its
pooled SQLite storage (pipelines.dagster_storage): Dagster's files, readable across processes."""

import json
import multiprocessing as mp
import os
import subprocess
import sys
import threading
from pathlib import Path

import dagster as dg
import pytest

from pipelines.dagster_storage import PooledSqliteEventLogStorage, PooledSqliteRunStorage
from pipelines.home import EARLIER_YAML, INSTANCE_YAML, stored_instance, upgrade_instance_yaml, write_instance_yaml


def test_one_event_log_file_no_stdout_capture_and_runs_readable_from_a_second_instance(tmp_path):
    home = tmp_path / "it's báo chí"  # a quote or a diacritic in the path stays one YAML string
    instance = stored_instance(home)
    assert isinstance(instance.event_log_storage, PooledSqliteEventLogStorage)  # a ConsolidatedSqliteEventLogStorage
    assert isinstance(instance.run_storage, PooledSqliteRunStorage)
    assert type(instance.compute_log_manager).__name__ == "NoOpComputeLogManager"

    @dg.asset
    def a():
        return 1

    @dg.asset_check(asset=a)
    def a_ok():
        return dg.AssetCheckResult(passed=True)

    assert dg.materialize([a, a_ok], instance=instance).success
    instance.add_dynamic_partitions("batches", ["b00001"])
    assert (home / "history" / "event_log.db").exists() and not (home / "history" / "runs").exists()
    other = dg.DagsterInstance.from_config(str(home))  # what `make ui` opens
    run = other.get_run_records()[0].dagster_run
    kinds = {e.dagster_event.event_type_value for e in other.all_logs(run.run_id) if e.dagster_event}
    assert run.status == dg.DagsterRunStatus.SUCCESS
    assert {"ASSET_MATERIALIZATION", "ASSET_CHECK_EVALUATION", "STEP_SUCCESS"} <= kinds
    assert other.get_dynamic_partitions("batches") == ["b00001"]


def test_an_existing_instance_yaml_is_kept(tmp_path):
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    out = subprocess.run([sys.executable, "-m", "pipelines.home", str(tmp_path)], check=True, capture_output=True,
                         text=True)
    assert out.stdout.strip() == str(tmp_path / "dagster.yaml")
    assert (tmp_path / "dagster.yaml").read_text() == "telemetry:\n  enabled: false\n"
    assert write_instance_yaml(tmp_path / "new").read_text().count("PooledSqliteEventLogStorage") == 1


def test_a_failing_make_run_exits_with_its_message_and_no_leak_report(tmp_path):
    """`python -m pipelines.refresh` freezes what it imported (pipelines.refresh.imports_done); a run
    that fails unfreezes before the interpreter's teardown, where duckdb would report leaks."""
    write_instance_yaml(tmp_path / "home")
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "home"), "BAOCHI_CORPUS": str(tmp_path / "nowhere"),
           "BAOCHI_WAREHOUSE": str(tmp_path / "wh")}
    out = subprocess.run([sys.executable, "-m", "pipelines.refresh"], env=env, capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.returncode == 1 and "does not exist (set BAOCHI_CORPUS)" in out.stderr
    assert "leaked" not in out.stderr and "Traceback" not in out.stderr


@dg.asset
def tiny() -> int:
    return 1


def _materialise(instance: dg.DagsterInstance) -> list[str]:
    return [dg.materialize([tiny], instance=instance).run_id]


def _earlier_home(home, quote=json.dumps) -> None:
    home.mkdir(parents=True)
    text = EARLIER_YAML[-1].format(events=quote(str(home.resolve() / "history")))
    (home / "dagster.yaml").write_text(text, encoding="utf-8")


def _single_quoted(path: str) -> str:  # how the first homes were written
    return "'" + path.replace("'", "''") + "'"


@pytest.mark.parametrize("quote", [json.dumps, _single_quoted])
def test_an_earlier_home_is_rewritten_and_keeps_its_history(tmp_path, quote):
    home = tmp_path / "it's báo chí"
    _earlier_home(home, quote)
    with dg.DagsterInstance.from_config(str(home)) as before:  # Dagster's own SQLite classes
        assert not isinstance(before.event_log_storage, PooledSqliteEventLogStorage)
        old = _materialise(before)
    upgrade_instance_yaml(home)
    assert (home / "dagster.yaml").read_text() == INSTANCE_YAML.format(events=json.dumps(str(home.resolve() / "history")))
    with stored_instance(home) as after:
        assert isinstance(after.event_log_storage, PooledSqliteEventLogStorage)
        assert isinstance(after.run_storage, PooledSqliteRunStorage)
        new = _materialise(after)
        assert {r.run_id for r in after.get_runs()} == {*old, *new}
        assert after.get_latest_materialization_event(dg.AssetKey("tiny")).run_id == new[0]
        assert len(after.all_logs(old[0])) > 5  # the earlier run's events, read through the new class


def test_a_dagster_yaml_of_the_users_own_is_left_alone(tmp_path):
    edited = tmp_path / "edited"
    _earlier_home(edited)
    path = edited / "dagster.yaml"
    path.write_text(path.read_text() + "run_monitoring:\n  enabled: true\n")
    elsewhere = tmp_path / "elsewhere"  # an earlier template naming another folder (moved, or edited)
    _earlier_home(elsewhere)
    (elsewhere / "dagster.yaml").write_text((elsewhere / "dagster.yaml").read_text().replace("elsewhere", "other"))
    latin = tmp_path / "latin"  # not UTF-8: not ours
    latin.mkdir()
    (latin / "dagster.yaml").write_bytes("# é\n".encode("latin-1"))
    for home in (edited, elsewhere, latin):
        before = (home / "dagster.yaml").read_bytes()
        upgrade_instance_yaml(home)
        write_instance_yaml(home)
        assert (home / "dagster.yaml").read_bytes() == before
    mine = tmp_path / "mine"
    mine.mkdir()
    upgrade_instance_yaml(mine)  # no file: `make run` writes one; upgrading writes none
    assert not (mine / "dagster.yaml").exists()


def _child_materialises(home: str, queue) -> None:
    with stored_instance(home) as instance:
        queue.put(_materialise(instance))


def test_pooled_storage_is_shared_by_threads_and_processes(tmp_path):
    home = tmp_path / "home"
    with stored_instance(home) as instance:
        mine = _materialise(instance)

        def report(n: int) -> None:  # storage calls from several threads at once (as the UI's server makes)
            for k in range(20):
                instance.report_runless_asset_event(dg.AssetMaterialization("reported", partition=f"{n}-{k}"))
                instance.add_dynamic_partitions("batches", [f"b{n}{k:02d}"])

        threads = [threading.Thread(target=report, args=(n,)) for n in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        spawn = mp.get_context("spawn")
        queue = spawn.Queue()
        child = spawn.Process(target=_child_materialises, args=(str(home), queue))
        child.start()
        spawned = queue.get(timeout=120)
        child.join()
        assert child.exitcode == 0
        expected = {*mine, *spawned}
        assert {r.run_id for r in instance.get_runs()} == expected
        assert all(instance.get_run_by_id(run).is_success for run in expected)
        for storage in (instance.event_log_storage.index_connection, instance.run_storage.connect):
            with storage() as conn:  # WAL, no flush per commit (this SQLite's default is 2, FULL)
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1
        other = dg.DagsterInstance.from_ref(instance.get_ref())  # how the validation process makes it
        assert isinstance(other.event_log_storage, PooledSqliteEventLogStorage)
        assert isinstance(other.run_storage, PooledSqliteRunStorage)
        other.dispose()
    with dg.DagsterInstance.from_config(str(home)) as again:  # a new instance's view: the same history
        assert {r.run_id for r in again.get_runs()} == expected
        assert len(again.get_dynamic_partitions("batches")) == 60
        reported = again.fetch_materializations(dg.AssetKey("reported"), limit=100).records
        assert len({r.partition_key for r in reported}) == 60
