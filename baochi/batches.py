"""Ingestion batches: groups of corpus files that are ingested and extracted together.

A batch is a Dagster partition. Its file list (with sizes and modification times) is kept in
`$BAOCHI_WAREHOUSE/batches/<key>.json`, so a later run can tell which files are new (a new batch),
changed or removed (their batch is redone) and which batches are untouched (skipped). Keys are
numbered in creation order; files are assigned in sorted path order, so the same corpus gives the
same batches in any fresh warehouse.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from baochi.ingest import list_corpus

MAX_FILES = 2000
MAX_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class FileEntry:
    path: str  # relative to the corpus root, POSIX separators
    size: int
    mtime_ns: int


@dataclass
class BatchPlan:
    dirty: dict[str, list[FileEntry]] = field(default_factory=dict)  # new or changed: (re)process
    removed: list[str] = field(default_factory=list)  # every file gone: drop the partition
    unchanged: list[str] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        return sorted([*self.dirty, *self.unchanged])

    def summary(self) -> str:
        n_files = sum(len(files) for files in self.dirty.values())
        return (f"{len(self.dirty)} batch(es) to process ({n_files:,} files), "
                f"{len(self.unchanged)} unchanged, {len(self.removed)} removed")


def batches_dir(warehouse: str | Path) -> Path:
    return Path(warehouse) / "batches"


def scan(corpus: str | Path, warehouse: str | Path | None = None) -> dict[str, FileEntry]:
    root = Path(corpus)
    found = {}
    for path in list_corpus(root, exclude=warehouse):
        try:
            stat = path.stat()
        except OSError:
            stat = None
        rel = path.relative_to(root).as_posix()
        found[rel] = FileEntry(rel, stat.st_size if stat else -1, stat.st_mtime_ns if stat else -1)
    return found


def load_manifests(warehouse: str | Path) -> dict[str, list[FileEntry]]:
    folder = batches_dir(warehouse)
    manifests = {}
    for path in sorted(folder.glob("b*.json")) if folder.is_dir() else []:
        manifests[path.stem] = [FileEntry(**entry) for entry in json.loads(path.read_text(encoding="utf-8"))]
    return manifests


def write_manifest(warehouse: str | Path, key: str, files: list[FileEntry]) -> None:
    folder = batches_dir(warehouse)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{key}.json.{os.getpid()}.tmp"
    tmp.write_text(json.dumps([asdict(f) for f in files], ensure_ascii=False, indent=0), encoding="utf-8")
    os.replace(tmp, folder / f"{key}.json")


def _chunks(files: list[FileEntry], max_files: int, max_bytes: int) -> list[list[FileEntry]]:
    chunks, current, size = [], [], 0
    for entry in files:
        if current and (len(current) >= max_files or size + max(entry.size, 0) > max_bytes):
            chunks.append(current)
            current, size = [], 0
        current.append(entry)
        size += max(entry.size, 0)
    return chunks + [current] if current else chunks


def plan_batches(
    corpus: str | Path, warehouse: str | Path, max_files: int = MAX_FILES, max_bytes: int = MAX_BYTES
) -> BatchPlan:
    """Compare the corpus with the stored manifests (writes nothing)."""
    now = scan(corpus, warehouse)
    manifests = load_manifests(warehouse)
    plan = BatchPlan()
    known = set()
    for key, files in manifests.items():
        known.update(f.path for f in files)
        current = [now[f.path] for f in files if f.path in now]
        if not current:
            plan.removed.append(key)
        elif current != files:
            plan.dirty[key] = current
        else:
            plan.unchanged.append(key)
    new_files = [entry for path, entry in sorted(now.items()) if path not in known]
    next_number = 1 + max((int(k[1:]) for k in manifests), default=0)
    for offset, chunk in enumerate(_chunks(new_files, max_files, max_bytes)):
        plan.dirty[f"b{next_number + offset:05d}"] = chunk
    return plan


def apply_plan(warehouse: str | Path, plan: BatchPlan) -> None:
    """Store the manifests of dirty batches and forget removed ones."""
    for key, files in plan.dirty.items():
        write_manifest(warehouse, key, files)
    for key in plan.removed:
        (batches_dir(warehouse) / f"{key}.json").unlink(missing_ok=True)
