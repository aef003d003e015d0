"""The Dagster instance folder `make run`, `make ui` and the bench share (pipelines.home)."""

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg

from pipelines.home import stored_instance, write_instance_yaml


def test_one_event_log_file_no_stdout_capture_and_runs_readable_from_a_second_instance(tmp_path):
    home = tmp_path / "it's báo chí"  # a quote or a diacritic in the path stays one YAML string
    instance = stored_instance(home)
    assert type(instance.event_log_storage).__name__ == "ConsolidatedSqliteEventLogStorage"
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
    assert write_instance_yaml(tmp_path / "new").read_text().count("ConsolidatedSqliteEventLogStorage") == 1


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
