"""Run settings from the environment: which corpus to read and where the warehouse goes."""

from __future__ import annotations

import os
from pathlib import Path

from baochi.ingest import DEFAULT_MAX_BYTES
from baochi.warehouse import PROJECT_ROOT


def corpus_dir() -> str:
    return os.environ.get("BAOCHI_CORPUS") or str(PROJECT_ROOT / "seeds" / "articles")


def warehouse_dir() -> str:
    return os.environ.get("BAOCHI_WAREHOUSE") or str(PROJECT_ROOT / "warehouse")


def max_bytes() -> int:
    value = os.environ.get("BAOCHI_MAX_BYTES")
    return int(value) if value else DEFAULT_MAX_BYTES


def resolve(path: str) -> Path:
    """An absolute path; a relative one is taken from the current directory, as in a shell."""
    return Path(path).expanduser().resolve()
