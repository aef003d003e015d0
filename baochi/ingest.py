"""Walk a corpus folder and turn every file (and every JSONL line) into an article input or a reject.

Nothing is dropped silently: each file below the corpus root, hidden files included, ends as exactly
one `RawArticle` or one `Reject` (a JSONL file contributes one of them per line). Files are visited in
sorted path order so that "the earlier duplicate" is the same on every run and machine.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from baochi.decoding import NotText, decode_article, normalize_text

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
ARTICLE_SUFFIXES = {".txt": "txt", ".jsonl": "jsonl"}
REJECT_REASONS = (
    "empty",
    "binary",
    "undecodable",
    "too_large",
    "malformed_jsonl",
    "jsonl_no_text",
    "duplicate",
    "unsupported_type",
    "unreadable",
)
METADATA_ALIASES = {  # contract name <- names seen in public corpora
    "url": ("url", "link"),
    "outlet": ("outlet", "source", "publisher"),
    "title": ("title", "headline"),
    "published_at": ("published_at", "date", "publish_date", "published"),
    "id": ("id", "doc_id", "article_id"),
    "category": ("category", "section"),
}


@dataclass
class RawArticle:
    source_file: str
    text: str
    input_format: str
    encoding: str
    n_bytes: int
    repairs: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    article_id: str | None = None  # filled by read_corpus when it looks for duplicates, so it is worked out once


@dataclass
class Reject:
    source_file: str
    reason: str
    detail: str
    n_bytes: int
    duplicate_of: str | None = None


def list_corpus(root: Path, exclude: Path | None = None) -> list[Path]:
    """Every file below root, recursively, in sorted order (directory links are not followed).

    `exclude` (the warehouse, when someone puts it inside the corpus) is never read as input.
    """
    found = []
    skip = Path(exclude).resolve() if exclude else None
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if skip is None or (Path(folder) / d).resolve() != skip)
        found.extend(Path(folder) / name for name in files)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _metadata(record: dict) -> dict:
    meta = {}
    for name, aliases in METADATA_ALIASES.items():
        for alias in aliases:
            value = record.get(alias)
            if value not in (None, ""):
                meta[name] = value if isinstance(value, str) else str(value)
                break
    return meta


def _read_txt(path: Path, rel: str, max_bytes: int) -> RawArticle | Reject:
    size = path.stat().st_size
    if size > max_bytes:
        return Reject(rel, "too_large", f"{size:,} bytes is over the {max_bytes:,}-byte limit", size)
    data = path.read_bytes()
    try:
        decoded = decode_article(data)
    except NotText as err:
        return Reject(rel, err.reason, err.detail, len(data))
    return RawArticle(rel, decoded.text, "txt", decoded.encoding, len(data), decoded.repairs)


def _jsonl_line(line: bytes, rel: str, lineno: int, max_bytes: int) -> RawArticle | Reject:
    where = f"{rel}#L{lineno}"
    n_bytes = len(line)
    if n_bytes > max_bytes:
        return Reject(where, "too_large", f"line of {n_bytes:,} bytes is over the {max_bytes:,}-byte limit", n_bytes)
    if not line.strip():
        return Reject(where, "empty", "blank line in a JSONL file", n_bytes)
    try:
        record = json.loads(line.decode("utf-8-sig" if lineno == 1 else "utf-8"))
    except UnicodeDecodeError as err:
        return Reject(where, "malformed_jsonl", f"line is not UTF-8 ({err.reason} at byte {err.start})", n_bytes)
    except json.JSONDecodeError as err:
        return Reject(where, "malformed_jsonl", f"not valid JSON: {err.msg} at column {err.colno}", n_bytes)
    if not isinstance(record, dict):
        return Reject(where, "malformed_jsonl", f"a JSON {type(record).__name__}, not an object", n_bytes)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        what = "no \"text\" field" if "text" not in record else f"\"text\" is {json.dumps(text)[:40]}"
        return Reject(where, "jsonl_no_text", what, n_bytes)
    repairs: list[str] = []
    text = normalize_text(text, repairs)
    return RawArticle(where, text, "jsonl", "utf-8", n_bytes, repairs, _metadata(record))


def _read_jsonl(path: Path, rel: str, max_bytes: int) -> Iterator[RawArticle | Reject]:
    size = path.stat().st_size
    if size == 0:
        yield Reject(rel, "empty", "the JSONL file has no lines", 0)
        return
    with open(path, "rb") as handle:
        head = handle.read(4)
        handle.seek(0)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
            yield Reject(rel, "undecodable", "JSONL must be UTF-8 (this looks like UTF-16/32)", size)
            return
        for lineno, line in enumerate(handle, start=1):
            yield _jsonl_line(line.rstrip(b"\r\n"), rel, lineno, max_bytes)


def read_corpus(
    root: str | Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    article_id: Callable[[str], str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    files: list[str] | None = None,
    seen: dict[str, str] | None = None,
) -> Iterator[RawArticle | Reject]:
    """Yield every input below root (or just `files`, relative paths) as a RawArticle or a Reject.

    Duplicates are rejects naming the kept article; `seen` (article_id -> source_file) holds the
    articles of earlier batches, so a duplicate of one of those is caught too. `article_id` must be
    baochi.articles.article_id: the id it gives a kept article is stored on it and becomes its row's.
    """
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {root}")
    seen = dict(seen or {})
    paths = list_corpus(root) if files is None else [root / f for f in files]
    for n, path in enumerate(paths, start=1):
        if not path.exists():
            yield Reject(path.relative_to(root).as_posix(), "unreadable", "the file disappeared before it was read", 0)
            continue
        rel = path.relative_to(root).as_posix()
        kind = ARTICLE_SUFFIXES.get(path.suffix.lower())
        try:
            if kind is None:
                size = path.stat().st_size
                items = [Reject(rel, "unsupported_type", f"not .txt or .jsonl ({path.suffix or 'no suffix'})", size)]
            elif kind == "txt":
                items = [_read_txt(path, rel, max_bytes)]
            else:
                items = _read_jsonl(path, rel, max_bytes)
            for item in items:
                if isinstance(item, RawArticle) and article_id is not None:
                    key = article_id(item.text)
                    if key in seen:
                        item = Reject(
                            item.source_file, "duplicate", f"same text as {seen[key]} (article {key})",
                            item.n_bytes, duplicate_of=key,
                        )
                    else:
                        seen[key] = item.source_file
                        item.article_id = key
                yield item
        except OSError as err:
            yield Reject(rel, "unreadable", f"{type(err).__name__}: {err.strerror or err}", 0)
        if progress:
            progress(n, len(paths))

