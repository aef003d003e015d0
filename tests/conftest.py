"""Shared fixtures: the seed articles and the real corpora beside the project (when present)."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds" / "articles"
CORPORA = ROOT.parent / "shared" / "corpora"
DANTRI = CORPORA / "dantri_unc.jsonl"


def seed_texts() -> dict[str, str]:
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def dantri_texts(limit: int | None = None) -> list[str]:
    if not DANTRI.exists():
        pytest.skip(f"real corpus not present at {DANTRI}")
    with open(DANTRI, encoding="utf-8") as handle:
        rows = [json.loads(line)["text"] for _, line in zip(range(limit or 10**9), handle)]
    return rows


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    return seed_texts()


@pytest.fixture(scope="session")
def seeded_warehouse(tmp_path_factory) -> Path:
    """A warehouse refreshed once from the seeds, shared by the test modules: read it, never write
    to it (copy its Parquet first to corrupt it)."""
    import dagster as dg

    from pipelines.refresh import refresh
    from pipelines.resources import BaochiPaths

    warehouse = tmp_path_factory.mktemp("seeded_wh")
    paths = BaochiPaths(corpus_dir=str(SEEDS), warehouse_dir=str(warehouse), max_bytes=5 * 1024 * 1024)
    refresh(paths, dg.DagsterInstance.ephemeral(), log=lambda *_: None)
    return warehouse


def dantri_docs(n: int):
    """The first n Dân trí articles as extractor Docs, segmented, with their publication dates."""
    from baochi.articles import parse_published
    from baochi.facts.doc import Doc

    if not DANTRI.exists():
        pytest.skip(f"real corpus not present at {DANTRI}")
    docs = []
    with open(DANTRI, encoding="utf-8") as handle:
        for line, _ in zip(handle, range(n)):
            d = json.loads(line)
            docs.append(Doc.from_text(d["text"], article_id=d["doc_id"], published_date=parse_published(d["date"])))
    return docs
