"""`python -m pipelines.home DIR`: the Dagster instance folder `make run`, `make ui` and the bench use.

Dagster's default SQLite storage keeps a database per run, created with its whole schema (and an
Alembic stamp) when the run starts, and its compute log manager starts two `tail -F` and two
watcher processes per run. A `make run` is a few runs per batch, so that is ~0.2 s of each run
(measured on two trivial assets: 0.45-0.53 s per run against 0.23-0.35 s with this file). Here all
events go to one SQLite file (Dagster's ConsolidatedSqliteEventLogStorage, WAL mode, so the UI and
the validation process can write at once; Dagster's docstring calls it meant for tests, as SQLite
storage is for one machine: several machines use Postgres, see the README), and step stdout/stderr
is not captured: every message of ours goes through `context.log`, which the event log keeps and
the UI shows. The event log and the runs keep one pooled engine per database file in each process
(`pipelines.dagster_storage`: Dagster's SQLite classes make an engine and a connection per read or
write; ~1 s of a 10-article refresh). Schedules keep Dagster's default storage under the folder.

The storage folder is written as an absolute path: after moving a warehouse, delete its
`.dagster`. A dagster.yaml this module wrote before for the same folder (an earlier template, byte
for byte) is rewritten with the current one by `make run` (same files, so the history stays); any
other existing dagster.yaml is left as it is. Delete the folder to start a new one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import dagster as dg

from baochi.storage import write_atomic

INSTANCE_YAML = """\
# written by pipelines/home.py: why these settings, see its docstring
telemetry:
  enabled: false
event_log_storage:
  module: pipelines.dagster_storage
  class: PooledSqliteEventLogStorage
  config:
    base_dir: {events}
run_storage:
  module: pipelines.dagster_storage
  class: PooledSqliteRunStorage
  config:
    base_dir: {events}
compute_logs:
  module: dagster._core.storage.noop_compute_log_manager
  class: NoOpComputeLogManager
"""
# earlier templates: a file that is one of them, as written, is brought up to INSTANCE_YAML
EARLIER_YAML = ["""\
# written by pipelines/home.py: why these settings, see its docstring
telemetry:
  enabled: false
event_log_storage:
  module: dagster._core.storage.event_log
  class: ConsolidatedSqliteEventLogStorage
  config:
    base_dir: {events}
compute_logs:
  module: dagster._core.storage.noop_compute_log_manager
  class: NoOpComputeLogManager
"""]


def _quoted(events: Path) -> list[str]:
    """The folder as earlier versions wrote it: a YAML single-quoted, then a JSON string."""
    return ["'" + str(events).replace("'", "''") + "'", json.dumps(str(events))]


def _is_earlier(path: Path) -> bool:
    """Whether the file is, to the byte, an earlier template as this module wrote it for this folder
    (an edited file, or one naming another folder, is the user's: left as it is)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    events = path.parent.resolve() / "history"
    return any(text == template.format(events=quoted) for template in EARLIER_YAML for quoted in _quoted(events))


def _write(home: Path) -> None:
    # a JSON string is a YAML double-quoted scalar: any path (quotes, non-ASCII) stays one string
    home.mkdir(parents=True, exist_ok=True)
    events = json.dumps(str(home / "history"))
    write_atomic(home / "dagster.yaml", lambda tmp: tmp.write_text(INSTANCE_YAML.format(events=events)))


def write_instance_yaml(home: str | Path) -> Path:
    """The folder's dagster.yaml, written when there is none or it is an earlier template; its path."""
    home = Path(home).resolve()
    path = home / "dagster.yaml"
    if not path.exists() or _is_earlier(path):
        _write(home)
    return path


def upgrade_instance_yaml(home: str | Path) -> None:
    """Rewrite the folder's dagster.yaml if it is an earlier template (`make run` writes a missing one
    before it starts; a file of the user's own is left alone)."""
    home = Path(home).resolve()
    if _is_earlier(home / "dagster.yaml"):
        _write(home)


def stored_instance(home: str | Path) -> dg.DagsterInstance:
    """The instance kept in `home` (its dagster.yaml written first when missing)."""
    write_instance_yaml(home)
    return dg.DagsterInstance.from_config(str(Path(home).resolve()))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m pipelines.home DAGSTER_HOME_DIR")
    print(write_instance_yaml(sys.argv[1]))
