"""Dagster's SQLite storage for one machine, with one pooled SQLAlchemy engine per storage object.

Dagster's SQLite run and event log storages build a new engine (`NullPool`) for every read and
write: a run of a few steps writes a few dozen events, and each pays for a new engine, its first
connection (dialect set-up, isolation-level query) and, when that was the file's last open
connection, the close that checkpoints the write-ahead log into the database and deletes it. These
subclasses keep one engine and its connections per process instead (a forked process makes its
own), and do not flush each commit to disk (`_no_sync_per_commit`). They store exactly what
Dagster's classes store, in the same files: a home written by an earlier version of
`pipelines.home` reads the same.

SQLite in WAL mode lets several processes (the refresh, its validation process, `make ui`) read
and write the same files; a writer waits up to the busy timeout Dagster sets for its event log
(30 s, for runs.db too) for another one.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager

from dagster._core.storage.event_log.sqlite.consolidated_sqlite_event_log import (
    ConsolidatedSqliteEventLogStorage,
)
from dagster._core.storage.runs.sqlite.sqlite_run_storage import SqliteRunStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool


def _no_sync_per_commit(dbapi_connection, _record) -> None:
    """WAL mode's `synchronous=NORMAL`: a commit is not flushed to disk on its own, the log is
    when it is checkpointed. The files stay consistent; a power cut may lose the last events, which
    Dagster's default (FULL: a flush per commit, i.e. per event) would keep."""
    dbapi_connection.execute("PRAGMA synchronous=NORMAL")


class _Engines:
    """The engine of one database file in this process (made on first use, again after a fork)."""

    def __init__(self, conn_string: str):
        self.conn_string, self.engine, self.pid = conn_string, None, None
        self.lock = threading.Lock()

    def get(self) -> Engine:
        with self.lock:
            if self.engine is None or self.pid != os.getpid():
                # up to 4 connections kept open; any number more at once (the UI serves many threads),
                # closed when given back, as Dagster's NullPool closes every one
                self.engine = create_engine(self.conn_string, poolclass=QueuePool, pool_size=4, max_overflow=-1,
                                            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
                event.listen(self.engine, "connect", _no_sync_per_commit)
                self.pid = os.getpid()
            return self.engine

    def dispose(self) -> None:
        with self.lock:
            if self.engine is not None and self.pid == os.getpid():
                self.engine.dispose()
            self.engine = None

    @contextmanager
    def connect(self):
        with self.get().connect() as conn:
            with conn.begin():
                yield conn


_MADE = threading.Lock()


class _Pooled:
    """What both storages share: their _Engines (made once, though two threads may ask first at
    once; lazily, as Dagster's __init__ sets the connection string and may already connect), and
    disposing it with the storage."""

    def _pool(self) -> _Engines:
        engines = self.__dict__.get("_engines")
        if engines is None:
            with _MADE:
                engines = self.__dict__.setdefault("_engines", _Engines(self._conn_string))
        return engines

    def dispose(self):
        super().dispose()
        if "_engines" in self.__dict__:
            self._engines.dispose()


class PooledSqliteEventLogStorage(_Pooled, ConsolidatedSqliteEventLogStorage):
    """ConsolidatedSqliteEventLogStorage (all runs' events in one file) on one pooled engine."""

    def _connect(self):
        return self._pool().connect()

    def has_table(self, table_name: str) -> bool:
        """Asked on every asset check event and dynamic-partition call: on the pooled engine too."""
        with self._pool().get().connect() as conn:
            return bool(conn.dialect.has_table(conn, table_name))


class PooledSqliteRunStorage(_Pooled, SqliteRunStorage):
    """SqliteRunStorage (runs.db) on one pooled engine."""

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls.from_local(inst_data=inst_data, **config_value)  # Dagster's names its own class

    def connect(self):
        return self._pool().connect()
